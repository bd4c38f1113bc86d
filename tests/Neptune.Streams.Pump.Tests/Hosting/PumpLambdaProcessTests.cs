using System.Text.Json;
using Neptune.Streams.Local.NeptuneEndpoint;
using Neptune.Streams.Local.RuntimeApi;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Pump.Tests.Hosting;

/// <summary>The pump host as a Lambda function: its own process, on the Runtime API emulator, local Neptune, moto's Kinesis.</summary>
public sealed class PumpLambdaProcessTests(MotoServer moto) : IClassFixture<MotoServer>
{
    /// <summary>How long the test waits for a slow machine before it gives up (not a timing assertion).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <summary>The invocation's timeout: the pump stops its 10 s margin before it, so each run pumps about 5 s.</summary>
    private static readonly TimeSpan FunctionTimeout = TimeSpan.FromSeconds(15);

    private const string ScheduledEvent = """
        {"version":"0","id":"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa","detail-type":"Scheduled Event","source":"aws.events",
         "account":"123456789012","time":"2026-11-26T12:00:00Z","region":"us-east-1",
         "resources":["arn:aws:events:us-east-1:123456789012:rule/stack-pump-EveryMinute"],"detail":{}}
        """;

    [Fact]
    public Task Each_scheduled_invocation_forwards_the_new_changes_and_answers_with_a_summary_before_its_deadline() =>
        ScheduledInvocationsAsync(environment => PumpHostProcess.Start(environment));

    [Fact]
    [Trait("Category", "Aot")]
    public Task The_native_AOT_bootstrap_serves_scheduled_invocations_the_same_way() =>
        ScheduledInvocationsAsync(environment => PumpHostProcess.StartNative(PumpAotBootstrap.Path, environment));

    private async Task ScheduledInvocationsAsync(Func<IReadOnlyDictionary<string, string>, ChildProcess> start)
    {
        var graph = new LocalGraph();
        await using var endpoint = LocalNeptuneEndpoint.Start(graph);
        for (int i = 0; i < 5; i++)
        {
            graph.AddVertex($"p{i}", ["person"]);
        }

        string stream = $"pump-lambda-{Guid.NewGuid():N}";
        using KinesisHttpClient kinesis = KinesisHttpClient.Create(new Uri(moto.Endpoint), MotoServer.Credentials, MotoServer.Region);
        await kinesis.CreateStreamAsync(stream, 1);
        await using var emulator = RuntimeApiEmulator.Start();
        await using var pump = start(new Dictionary<string, string>
        {
            ["AWS_LAMBDA_RUNTIME_API"] = emulator.RuntimeApi,
            ["AWS_LAMBDA_FUNCTION_NAME"] = "stack-pump",
            ["NEPTUNE_STREAMS_NEPTUNE_ENDPOINT"] = endpoint.Endpoint.ToString(),
            ["NEPTUNE_STREAMS_KINESIS_STREAM_NAME"] = stream,
            ["NEPTUNE_STREAMS_KINESIS_ENDPOINT"] = moto.Endpoint,
            ["NEPTUNE_STREAMS_METRICS_NAMESPACE"] = "NeptuneStreams",
        });

        using JsonDocument first = await InvokeAsync(emulator, pump);
        graph.AddVertex("late", ["person"]);
        using JsonDocument second = await InvokeAsync(emulator, pump);

        Assert.Equal(5, first.RootElement.GetProperty("recordsForwarded").GetInt64());
        Assert.Equal(5, first.RootElement.GetProperty("kinesisRecordsWritten").GetInt64());
        Assert.Equal(1, second.RootElement.GetProperty("recordsForwarded").GetInt64());
        Assert.Equal(6, second.RootElement.GetProperty("position").GetProperty("commitNum").GetInt64());
        Assert.Equal(["p0", "p1", "p2", "p3", "p4", "late"], await PartitionKeysAsync(kinesis, stream));
        Assert.True(
            await pump.EventuallyAsync(p => p.StandardOutput.Any(l => l.Contains("\"RecordsForwarded\"", StringComparison.Ordinal)), Patience),
            pump.Describe());
        using JsonDocument emf = JsonDocument.Parse(pump.StandardOutput.First(l => l.Contains("\"RecordsForwarded\"", StringComparison.Ordinal)));
        Assert.Equal("NeptuneStreams", emf.RootElement.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Namespace").GetString());
        Assert.Equal("stack-pump", emf.RootElement.GetProperty("FunctionName").GetString());
    }

    [Fact]
    public async Task A_payload_that_is_not_an_event_is_an_invalid_event_error_and_the_function_keeps_serving()
    {
        var graph = new LocalGraph();
        await using var endpoint = LocalNeptuneEndpoint.Start(graph);
        await using var emulator = RuntimeApiEmulator.Start();
        await using var pump = PumpHostProcess.Start(new Dictionary<string, string>
        {
            ["AWS_LAMBDA_RUNTIME_API"] = emulator.RuntimeApi,
            ["NEPTUNE_STREAMS_NEPTUNE_ENDPOINT"] = endpoint.Endpoint.ToString(),
            ["NEPTUNE_STREAMS_KINESIS_ENDPOINT"] = moto.Endpoint,
        });

        InvocationResult bad = await emulator.InvokeAsync("not json", FunctionTimeout).WaitAsync(Patience);
        InvocationResult array = await emulator.InvokeAsync("[]", FunctionTimeout).WaitAsync(Patience);

        Assert.True(bad.Outcome == InvocationOutcome.Error, $"{bad}\n{pump.Describe()}");
        Assert.Equal("Runtime.InvalidEvent", bad.ErrorType);
        Assert.Equal("Runtime.InvalidEvent", array.ErrorType);
    }

    private static async Task<JsonDocument> InvokeAsync(RuntimeApiEmulator emulator, ChildProcess pump)
    {
        // The emulator's deadline is FunctionTimeout after the process takes the event, so no earlier than this.
        DateTimeOffset earliestDeadline = DateTimeOffset.UtcNow + FunctionTimeout;
        InvocationResult result = await emulator.InvokeAsync(ScheduledEvent, FunctionTimeout).WaitAsync(Patience);
        DateTimeOffset answered = DateTimeOffset.UtcNow;

        Assert.True(result.Outcome == InvocationOutcome.Response, $"{result}\n{pump.Describe()}");
        Assert.True(answered < earliestDeadline, $"answered at {answered:O}, deadline {earliestDeadline:O}");
        JsonDocument summary = JsonDocument.Parse(result.BodyText);
        Assert.Equal("Deadline", summary.RootElement.GetProperty("stopReason").GetString());
        return summary;
    }

    private static async Task<string[]> PartitionKeysAsync(KinesisHttpClient kinesis, string stream)
    {
        KinesisShard shard = Assert.Single(await kinesis.ListShardsAsync(stream));
        string iterator = await kinesis.GetShardIteratorAsync(stream, shard.ShardId, ShardIteratorKind.TrimHorizon);
        return [.. (await kinesis.GetRecordsAsync(iterator, 100)).Records.Select(r => r.PartitionKey)];
    }
}
