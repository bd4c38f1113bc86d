using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Neptune.Streams.Local.RuntimeApi;
using Neptune.Streams.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Neptune.Streams.Hosting.Tests;

/// <summary>The Native AOT <c>bootstrap</c> against the Runtime API emulator, as Lambda's provided.al2023 runs it.</summary>
[Trait("Category", "Aot")]
public sealed class AotBootstrapTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [AotBootstrapFact]
    public async Task The_published_bootstrap_handles_a_fixture_event_a_handler_error_and_a_malformed_event_then_stops_on_SIGTERM()
    {
        await using var emulator = RuntimeApiEmulator.Start();
        await using var function = FunctionProcess.StartNative(
            AotBootstrapFactAttribute.Bootstrap, emulator.RuntimeApi, new Dictionary<string, string> { ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "128" });

        InvocationResult fixture = await BootstrapProcessTests.InvokeAsync(emulator, FixtureEvent(), Timeout);
        Assert.True(fixture.Outcome == InvocationOutcome.Response, $"{fixture}\n{function.Describe()}");
        Assert.Empty(KinesisEvents.Failures(fixture.BodyText));

        InvocationResult failing = await BootstrapProcessTests.InvokeAsync(emulator, KinesisEvents.Vertices(first: 1, "person", "throw"), Timeout);
        Assert.Equal([KinesisEvents.SequenceNumber(2)], KinesisEvents.Failures(failing.BodyText));

        InvocationResult malformed = await BootstrapProcessTests.InvokeAsync(emulator, "not an event", Timeout);
        Assert.Equal(InvocationOutcome.Error, malformed.Outcome);
        Assert.Equal("Runtime.InvalidEvent", malformed.ErrorType);
        Assert.True(await function.EventuallyAsync(f => BootstrapProcessTests.HeapHardLimitMB(f) is not null, Patience), function.Describe());
        Assert.Equal(128, BootstrapProcessTests.HeapHardLimitMB(function)); // as Lambda's .NET runtime sets it

        function.Terminate();
        Assert.True(await function.WaitForExitAsync(Patience), function.Describe());
        Assert.Equal(0, function.ExitCode);
        Assert.Contains(function.StandardOutput, l => l.Contains("\"_aws\"", StringComparison.Ordinal) && JsonDocument.Parse(l).RootElement.TryGetProperty("RecordsProcessed", out var n) && n.GetDouble() == 17);
    }

    [AotBootstrapFact]
    public async Task Start_to_first_response_of_the_AOT_bootstrap_and_the_JIT_build_is_measured_on_the_same_machine()
    {
        const int Rounds = 3;
        // Publishing (when no binary is given) happens here, before any clock starts.
        string bootstrap = AotBootstrapFactAttribute.Bootstrap;
        Func<string, ChildProcess> startAot = api => FunctionProcess.StartNative(bootstrap, api);
        Func<string, ChildProcess> startJit = api => FunctionProcess.StartJit(api);

        // The first round also pays for cold file caches and for JIT-compiling the emulator in this test process:
        // it is reported apart.
        double coldAot = await StartToFirstResponseAsync(startAot);
        double coldJit = await StartToFirstResponseAsync(startJit);
        var aot = new List<double>();
        var jit = new List<double>();
        for (int round = 0; round < Rounds; round++)
        {
            aot.Add(await StartToFirstResponseAsync(startAot));
            jit.Add(await StartToFirstResponseAsync(startJit));
        }

        long size = new FileInfo(AotBootstrapFactAttribute.Bootstrap).Length;
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"bootstrap: {AotBootstrapFactAttribute.Bootstrap}")
            .AppendLine(CultureInfo.InvariantCulture, $"bootstrap size: {size} bytes ({size / 1024.0 / 1024.0:F1} MiB)")
            .AppendLine(CultureInfo.InvariantCulture, $"first round (cold caches), AOT bootstrap: {coldAot:F0} ms, JIT: {coldJit:F0} ms")
            .AppendLine(CultureInfo.InvariantCulture, $"start to first response, AOT bootstrap (ms): {string.Join(", ", aot.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))}; median {Median(aot):F0}")
            .AppendLine(CultureInfo.InvariantCulture, $"start to first response, JIT dotnet {Path.GetFileName(FunctionProcess.JitDll)} (ms): {string.Join(", ", jit.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))}; median {Median(jit):F0}")
            .ToString();
        output.WriteLine(report);
        if (Environment.GetEnvironmentVariable("NSL_AOT_REPORT") is { Length: > 0 } path)
        {
            await File.WriteAllTextAsync(path, report);
        }

        Assert.All(aot.Concat(jit), v => Assert.True(v > 0));
    }

    /// <summary>From process start to the first response: the event is queued before the process starts.</summary>
    private static async Task<double> StartToFirstResponseAsync(Func<string, ChildProcess> start)
    {
        await using var emulator = RuntimeApiEmulator.Start();
        Task<InvocationResult> invocation = BootstrapProcessTests.InvokeAsync(emulator, FixtureEvent(), Timeout);
        var clock = Stopwatch.StartNew();
        await using var function = start(emulator.RuntimeApi);
        InvocationResult result = await invocation;
        double elapsed = clock.Elapsed.TotalMilliseconds;
        Assert.True(result.Outcome == InvocationOutcome.Response, $"{result}\n{function.Describe()}");
        function.Terminate();
        Assert.True(await function.WaitForExitAsync(Patience), function.Describe());
        return elapsed;
    }

    private static string FixtureEvent() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "pg-json-records-event.json"));

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
