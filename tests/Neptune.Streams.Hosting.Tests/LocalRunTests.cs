using System.Diagnostics;
using System.Text.Json;
using Neptune.Streams.TestSupport;
using Xunit;

namespace Neptune.Streams.Hosting.Tests;

/// <summary>
/// <c>LambdaBootstrap.RunAsync&lt;T&gt;(args)</c> outside Lambda (no <c>AWS_LAMBDA_RUNTIME_API</c>): the test function's
/// one-line program run with <c>--event FILE|-</c>. Inside Lambda the same program serves the Runtime API
/// (<see cref="BootstrapProcessTests"/>).
/// </summary>
public sealed class LocalRunTests
{
    private static Task<(int ExitCode, string[] Stdout, string Stderr)> RunAsync(string? stdin, params string[] args) =>
        RunAsync(stdin, new Dictionary<string, string>(), args);

    private static async Task<(int ExitCode, string[] Stdout, string Stderr)> RunAsync(
        string? stdin, Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(FunctionProcess.JitDll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("AWS_LAMBDA_RUNTIME_API");
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        ProcessResult run = await ChildProcess.RunAsync(start, TimeSpan.FromMinutes(2), stdin);
        return (run.ExitCode, run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries), run.StandardError);
    }

    [Fact]
    public async Task Event_from_standard_input_prints_one_json_line_per_graph_event_and_the_response_last()
    {
        var (exit, lines, stderr) = await RunAsync(KinesisEvents.Vertices(first: 1, "person", "person"), "--event", "-");

        Assert.True(exit == 0, stderr);
        Assert.Equal(3, lines.Length);
        Assert.Equal("""{"batchItemFailures":[]}""", lines[^1]);
        JsonElement[] events = [.. lines[..^1].Select(l => JsonDocument.Parse(l).RootElement)];
        Assert.Equal(["VertexAdded", "VertexAdded"], events.Select(e => e.GetProperty("event").GetString()));
        Assert.Equal(["v-1", "v-2"], events.Select(e => e.GetProperty("id").GetString()));
        Assert.Equal(KinesisEvents.SequenceNumber(2), events[1].GetProperty("sequenceNumber").GetString());
        // Logs go to standard error, and no EMF document reaches standard output.
        Assert.Contains("\"level\"", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains("_aws", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Event_file_with_a_failing_handler_exits_0_with_the_failure_in_the_response()
    {
        string file = Path.Combine(Path.GetTempPath(), $"local-run-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, KinesisEvents.Vertices(first: 1, "person", "throw", "person"));
        try
        {
            var (exit, lines, stderr) = await RunAsync(null, "--event", file);

            Assert.True(exit == 0, stderr);
            Assert.Equal(2, lines.Length); // the first event, then the response naming the second record
            Assert.Equal("v-1", JsonDocument.Parse(lines[0]).RootElement.GetProperty("id").GetString());
            Assert.Equal([KinesisEvents.SequenceNumber(2)], KinesisEvents.Failures(lines[^1]));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task An_event_that_cannot_be_read_exits_1_and_says_why()
    {
        var (exit, lines, stderr) = await RunAsync("""{"Records":[{"eventSource":"aws:sqs"}]}""", "--event", "-");

        Assert.Equal(1, exit);
        Assert.Empty(lines);
        Assert.Contains("cannot read the event", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("--events", "x.json")]
    [InlineData("--event")]
    public async Task Bad_arguments_exit_2_with_the_usage(params string[] args)
    {
        var (exit, lines, stderr) = await RunAsync(null, args);

        Assert.Equal(2, exit);
        Assert.Empty(lines);
        Assert.Contains("--event FILE|-", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_function_whose_Configure_throws_exits_1_and_names_the_error()
    {
        var (exit, lines, stderr) = await RunAsync(
            KinesisEvents.Vertices(first: 1, "person"), new Dictionary<string, string> { ["NSL_TEST_FAIL_INIT"] = "no-table" }, "--event", "-");

        Assert.Equal(1, exit);
        Assert.Empty(lines);
        Assert.Contains("Configure failed on purpose: no-table", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_function_whose_constructor_throws_exits_1_and_names_the_error()
    {
        using var output = new MemoryStream();
        using var error = new StringWriter();

        int exit = await Neptune.Streams.Lambda.Hosting.LocalRunner.RunAsync(
            () => throw new InvalidOperationException("no settings on purpose"),
            ["--event", "-"],
            () => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(KinesisEvents.Vertices(first: 1, "person"))),
            output,
            error,
            CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.Equal(0, output.Length);
        Assert.Contains("could not start: InvalidOperationException: no settings on purpose", error.ToString(), StringComparison.Ordinal);
    }
}
