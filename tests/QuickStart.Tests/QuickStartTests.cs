using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Neptune.Streams.TestSupport;

namespace QuickStart.Tests;

/// <summary>The README's main job, run as a new user runs it.</summary>
public sealed class QuickStartTests
{
    private static readonly string Dll = typeof(QuickStartTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "QuickStartDll").Value!;

    private static async Task<(int ExitCode, string[] Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(Dll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("AWS_LAMBDA_RUNTIME_API");
        ProcessResult run = await ChildProcess.RunAsync(start, TimeSpan.FromMinutes(3));
        return (run.ExitCode, run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries), run.StandardError);
    }

    [Fact]
    public async Task EventMode_PrintsOneJsonLinePerGraphEventAndTheResponseLast()
    {
        string fixture = Path.Combine(Path.GetDirectoryName(Dll)!, "events", "pg-json-records-event.json");

        var (exit, lines, stderr) = await RunAsync("--event", fixture);

        Assert.True(exit == 0, stderr);
        Assert.Equal(9, lines.Length);
        Assert.Equal("""{"batchItemFailures":[]}""", lines[^1]);
        var events = lines[..^1].Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(
            ["VertexAdded", "VertexAdded", "EdgeAdded", "EdgeAdded", "VertexUpdated", "EdgeDeleted", "EdgeDeleted", "VertexDeleted"],
            events.Select(e => e.GetProperty("event").GetString()));
        Assert.Equal("Alice", events[0].GetProperty("properties").GetProperty("name").GetString());
        Assert.Equal(4711, events[0].GetProperty("commitNum").GetInt64());
        Assert.Equal("name", events[7].GetProperty("removed")[0].GetString());
        Assert.DoesNotContain("Alice", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventMode_PoisonIsReportedAsTheFailureWithoutASink()
    {
        string fixture = Path.Combine(Path.GetDirectoryName(Dll)!, "events", "not-neptune-event.json");

        var (exit, lines, stderr) = await RunAsync("--event", fixture);

        Assert.Equal(0, exit);
        Assert.Equal("""{"batchItemFailures":[{"itemIdentifier":"49656789012345678901234567890123456789012345678901234567"}]}""", Assert.Single(lines));
        Assert.Contains("Poison record shardId-000000000000/49656789012345678901234567890123456789012345678901234567", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoArguments_RunsTheWholeLocalPipelineAndSummarises()
    {
        var (exit, lines, stderr) = await RunAsync("--mutations", "80");

        Assert.True(exit == 0, stderr);
        string flow = Assert.Single(lines, l => l.StartsWith("80 graph changes -> ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("VertexAdded", StringComparison.Ordinal) && l.Contains("person", StringComparison.Ordinal));
        Assert.Contains("failures: 0 function errors, 0 partial failures, 0 records given up", lines);
        int total = int.Parse(lines.Single(l => l.TrimStart().StartsWith("total", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        // One Kinesis record per (commit, element), and each one is one graph event: none lost on the way.
        string kinesisRecords = flow.Split(" -> ")[2].Split(' ')[0];
        Assert.Equal(int.Parse(kinesisRecords, System.Globalization.CultureInfo.InvariantCulture), total);
        Assert.True(total >= 80);
        Assert.Matches(@"^view matches graph: yes \(\d+ vertices, \d+ edges\)$", Assert.Single(lines, l => l.StartsWith("view matches graph: ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Snapshot_HistoryOlderThanRetentionThenLiveChanges_TheViewEqualsTheGraph()
    {
        var (exit, lines, stderr) = await RunAsync("--snapshot", "--quiet", "--mutations", "150");

        Assert.True(exit == 0, stderr + string.Join('\n', lines.TakeLast(10)));
        Assert.Contains(lines, l => l.StartsWith("history: 300 graph changes", StringComparison.Ordinal));
        Assert.Contains("failures: 0 function errors, 0 partial failures, 0 records given up", lines);
        Assert.Matches(@"^view matches graph: yes \(\d+ vertices, \d+ edges\)$", Assert.Single(lines, l => l.StartsWith("view matches graph: ", StringComparison.Ordinal)));
        // person-1 joined in the history: the state-keeping view got it from the snapshot, the "welcome" handler did not.
        Assert.DoesNotContain(lines, l => l.Contains("Welcome person person-1 (", StringComparison.Ordinal));
    }
}
