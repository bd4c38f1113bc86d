using System.Text.Json;
using Neptune.Streams.Local.RuntimeApi;
using Neptune.Streams.TestSupport;
using Xunit;

namespace Neptune.Streams.Hosting.Tests;

/// <summary>The bootstrap loop of the test function, run as a separate process against the Runtime API emulator.</summary>
public sealed class BootstrapProcessTests
{
    /// <summary>How long a test waits for a slow machine before it gives up (not a timing assertion).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan InvocationTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Many_invocations_in_a_row_are_each_answered_and_logged_with_their_request_id()
    {
        await using var emulator = RuntimeApiEmulator.Start();
        await using var function = FunctionProcess.StartJit(emulator.RuntimeApi);

        var requestIds = new List<string>();
        for (int i = 0; i < 20; i++)
        {
            InvocationResult result = await InvokeAsync(emulator, KinesisEvents.Vertices(first: 3 * i, "person", "person", "person"), InvocationTimeout);
            Assert.True(result.Outcome == InvocationOutcome.Response, $"{result}\n{function.Describe()}");
            Assert.Empty(KinesisEvents.Failures(result.BodyText));
            requestIds.Add(result.RequestId);
        }

        Assert.Equal(20, requestIds.Distinct().Count());
        await function.EventuallyAsync(f => Handled(f).Count >= 60, Patience);
        var handled = Handled(function);
        Assert.Equal(60, handled.Count);
        foreach (string id in requestIds)
        {
            Assert.Equal(3, handled.Count(l => l.TryGetProperty("AwsRequestId", out var r) && r.GetString() == id));
        }

        Assert.False(function.HasExited);
    }

    [Fact]
    public async Task The_function_memory_size_becomes_the_GC_heap_hard_limit_before_the_first_invocation()
    {
        await using var emulator = RuntimeApiEmulator.Start();
        await using var function = FunctionProcess.StartJit(emulator.RuntimeApi, new Dictionary<string, string> { ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "192" });

        InvocationResult result = await InvokeAsync(emulator, KinesisEvents.Vertices(first: 1, "person"), InvocationTimeout);

        Assert.True(result.Outcome == InvocationOutcome.Response, $"{result}\n{function.Describe()}");
        Assert.True(await function.EventuallyAsync(f => HeapHardLimitMB(f) is not null, Patience), function.Describe());
        Assert.Equal(192, HeapHardLimitMB(function));
    }

    [Fact]
    public async Task A_failing_handler_is_reported_in_batchItemFailures_and_counted_in_the_metrics()
    {
        await using var emulator = RuntimeApiEmulator.Start();
        await using var function = FunctionProcess.StartJit(emulator.RuntimeApi);

        InvocationResult result = await InvokeAsync(emulator, KinesisEvents.Vertices(first: 1, "person", "throw", "person"), InvocationTimeout);

        Assert.True(result.Outcome == InvocationOutcome.Response, $"{result}\n{function.Describe()}");
        Assert.Equal([KinesisEvents.SequenceNumber(2)], KinesisEvents.Failures(result.BodyText));
        JsonElement metrics = await WaitForBatchMetricsAsync(function);
        Assert.Equal(1, metrics.GetProperty("Errors").GetDouble());
        Assert.Equal(1, metrics.GetProperty("RecordsProcessed").GetDouble());
        Assert.Equal(FunctionProcess.FunctionName, metrics.GetProperty("FunctionName").GetString());
        Assert.True(metrics.GetProperty("KinesisLag").GetDouble() > 0);
        Assert.True(
            await function.EventuallyAsync(f => Emf(f).Any(d => d.TryGetProperty("Handler", out _)), Patience), function.Describe());
        JsonElement byKind = Emf(function).Single(d => d.TryGetProperty("EventKind", out _));
        Assert.Equal("VertexAdded", byKind.GetProperty("EventKind").GetString());
        Assert.Equal(2, byKind.GetProperty("EventsDispatched").GetDouble());
        JsonElement byHandler = Emf(function).Single(d => d.TryGetProperty("Handler", out _));
        Assert.Equal("ScriptedHandler", byHandler.GetProperty("Handler").GetString());
        Assert.Equal(2, byHandler.GetProperty("Latency").GetArrayLength());
        Assert.True(
            await function.EventuallyAsync(f => Logs(f).Any(l => l.GetProperty("level").GetString() == "Error" && l.TryGetProperty("AwsRequestId", out var r) && r.GetString() == result.RequestId), Patience),
            function.Describe());
    }

    [Fact]
    public async Task An_exception_in_Configure_goes_to_init_error_and_the_process_exits_with_1()
    {
        await using var emulator = RuntimeApiEmulator.Start();
        await using var function = FunctionProcess.StartJit(emulator.RuntimeApi, new Dictionary<string, string> { ["NSL_TEST_FAIL_INIT"] = "no-table" });

        InvocationResult result = await InvokeAsync(emulator, KinesisEvents.Vertices(first: 1, "person"), InvocationTimeout);

        Assert.Equal(InvocationOutcome.InitError, result.Outcome);
        Assert.Equal("Runtime.InitError", result.ErrorType);
        using var error = JsonDocument.Parse(result.BodyText);
        Assert.Equal("InvalidOperationException", error.RootElement.GetProperty("errorType").GetString());
        Assert.Contains("no-table", error.RootElement.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Array, error.RootElement.GetProperty("stackTrace").ValueKind);
        Assert.True(await function.WaitForExitAsync(Patience), function.Describe());
        Assert.Equal(1, function.ExitCode);
    }

    [Fact]
    public async Task Near_the_deadline_the_batch_stops_at_the_first_unhandled_record_and_the_process_keeps_serving()
    {
        await using var emulator = RuntimeApiEmulator.Start();
        await using var function = FunctionProcess.StartJit(emulator.RuntimeApi, new Dictionary<string, string> { ["NSL_TEST_DEADLINE_MARGIN_MS"] = "500" });
        InvocationResult warmUp = await InvokeAsync(emulator, KinesisEvents.Vertices(first: 1, "person"), InvocationTimeout);
        Assert.True(warmUp.Outcome == InvocationOutcome.Response, $"{warmUp}\n{function.Describe()}");

        InvocationResult result = await InvokeAsync(emulator, KinesisEvents.Vertices(first: 10, "person", "hang", "person"), TimeSpan.FromSeconds(3));

        Assert.True(result.Outcome == InvocationOutcome.Response, $"{result}\n{function.Describe()}");
        Assert.Equal([KinesisEvents.SequenceNumber(11)], KinesisEvents.Failures(result.BodyText));
        InvocationResult after = await InvokeAsync(emulator, KinesisEvents.Vertices(first: 11, "person", "person"), InvocationTimeout);
        Assert.True(after.Outcome == InvocationOutcome.Response, $"{after}\n{function.Describe()}");
        Assert.Empty(KinesisEvents.Failures(after.BodyText));
    }

    [Theory]
    [InlineData("this is not JSON")]
    [InlineData("{\"Records\": [ {\"kinesis\": ")]
    [InlineData("null")]
    public async Task A_malformed_event_gets_an_error_response_and_the_loop_keeps_running(string payload)
    {
        await using var emulator = RuntimeApiEmulator.Start();
        await using var function = FunctionProcess.StartJit(emulator.RuntimeApi);

        InvocationResult result = await InvokeAsync(emulator, payload, InvocationTimeout);

        Assert.True(result.Outcome == InvocationOutcome.Error, $"{result}\n{function.Describe()}");
        Assert.Equal("Runtime.InvalidEvent", result.ErrorType);
        using (var error = JsonDocument.Parse(result.BodyText))
        {
            Assert.Equal("InvalidDataException", error.RootElement.GetProperty("errorType").GetString());
            Assert.Contains("not a Lambda Kinesis event", error.RootElement.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        }

        InvocationResult next = await InvokeAsync(emulator, KinesisEvents.Vertices(first: 1, "person"), InvocationTimeout);
        Assert.True(next.Outcome == InvocationOutcome.Response, $"{next}\n{function.Describe()}");
        Assert.Empty(KinesisEvents.Failures(next.BodyText));
    }

    [Fact]
    public async Task Each_invocation_sets_its_trace_header_in_the_environment_and_the_log_scope()
    {
        await using var emulator = RuntimeApiEmulator.Start();
        await using var function = FunctionProcess.StartJit(emulator.RuntimeApi);

        InvocationResult first = await InvokeAsync(emulator, KinesisEvents.Vertices(first: 1, "trace"), InvocationTimeout);
        InvocationResult second = await InvokeAsync(emulator, KinesisEvents.Vertices(first: 2, "trace"), InvocationTimeout);

        Assert.NotEqual(first.TraceId, second.TraceId);
        await function.EventuallyAsync(f => Logs(f).Count(l => l.TryGetProperty("EnvironmentTraceId", out _)) >= 2, Patience);
        foreach (InvocationResult result in new[] { first, second })
        {
            Assert.True(result.Outcome == InvocationOutcome.Response, $"{result}\n{function.Describe()}");
            JsonElement line = Logs(function).Single(l => l.TryGetProperty("EnvironmentTraceId", out var t) && t.GetString() == result.TraceId);
            Assert.Equal(result.TraceId, line.GetProperty("TraceId").GetString());
            Assert.Equal(result.RequestId, line.GetProperty("AwsRequestId").GetString());
        }
    }

    [Fact]
    public async Task Without_a_reachable_Runtime_API_the_process_exits_with_1_and_says_why()
    {
        int closedPort;
        await using (var gone = RuntimeApiEmulator.Start())
        {
            closedPort = gone.Port;
        }

        await using var function = FunctionProcess.StartJit($"127.0.0.1:{closedPort}");

        Assert.True(await function.WaitForExitAsync(Patience), function.Describe());
        Assert.Equal(1, function.ExitCode);
        Assert.Contains(function.StandardError, l => l.Contains("did not give the next invocation", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SIGTERM_while_waiting_for_an_event_exits_cleanly()
    {
        await using var emulator = RuntimeApiEmulator.Start();
        await using var function = FunctionProcess.StartJit(emulator.RuntimeApi);
        InvocationResult result = await InvokeAsync(emulator, KinesisEvents.Vertices(first: 1, "person"), InvocationTimeout);
        Assert.True(result.Outcome == InvocationOutcome.Response, $"{result}\n{function.Describe()}");

        function.Terminate();

        Assert.True(await function.WaitForExitAsync(Patience), function.Describe());
        Assert.Equal(0, function.ExitCode);
        Assert.Contains(function.StandardError, l => l.Contains("Shutting down", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SIGTERM_during_an_invocation_stops_the_batch_answers_it_and_exits_cleanly()
    {
        await using var emulator = RuntimeApiEmulator.Start();
        await using var function = FunctionProcess.StartJit(emulator.RuntimeApi);
        Task<InvocationResult> invocation = InvokeAsync(emulator, KinesisEvents.Vertices(first: 1, "person", "hang", "person"), InvocationTimeout);
        await function.WaitForErrorLineAsync(l => l.Contains("Hanging on", StringComparison.Ordinal), Patience);

        function.Terminate();

        InvocationResult result = await invocation;
        Assert.True(result.Outcome == InvocationOutcome.Response, $"{result}\n{function.Describe()}");
        Assert.Equal([KinesisEvents.SequenceNumber(2)], KinesisEvents.Failures(result.BodyText));
        Assert.True(await function.WaitForExitAsync(Patience), function.Describe());
        Assert.Equal(0, function.ExitCode);
    }

    internal static async Task<InvocationResult> InvokeAsync(RuntimeApiEmulator emulator, string payload, TimeSpan timeout)
    {
        using var patience = new CancellationTokenSource(Patience);
        return await emulator.InvokeAsync(payload, timeout, patience.Token);
    }

    /// <summary>The heap limit the function logged at start, read back from the GC after setting it; null when none.</summary>
    internal static double? HeapHardLimitMB(ChildProcess function) =>
        Logs(function).Where(l => l.TryGetProperty("HeapHardLimitMB", out _)).Select(l => l.GetProperty("HeapHardLimitMB").GetDouble())
            .Cast<double?>().SingleOrDefault();

    private static List<JsonElement> Handled(ChildProcess function) =>
        [.. Logs(function).Where(l => l.GetProperty("message").GetString()!.StartsWith("Handled", StringComparison.Ordinal))];

    private static List<JsonElement> Emf(ChildProcess function) =>
        [.. function.StandardOutput.Where(l => l.Contains("\"_aws\"", StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l).RootElement)];

    private static List<JsonElement> Logs(ChildProcess function) =>
        [.. function.StandardError.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement)];

    /// <summary>The batch document (the one with <c>RecordsProcessed</c>) among the EMF lines on stdout.</summary>
    private static async Task<JsonElement> WaitForBatchMetricsAsync(ChildProcess function)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            foreach (string line in function.StandardOutput.Where(l => l.Contains("\"_aws\"", StringComparison.Ordinal)))
            {
                JsonElement root = JsonDocument.Parse(line).RootElement;
                if (root.TryGetProperty("RecordsProcessed", out _))
                {
                    return root;
                }
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"No batch metrics on stdout.\n{function.Describe()}");
    }
}
