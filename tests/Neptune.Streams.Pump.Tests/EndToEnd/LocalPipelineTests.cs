using System.Collections.Concurrent;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Local.EventSourceMapping;
using Neptune.Streams.Local.NeptuneEndpoint;
using Neptune.Streams.Local.Pipeline;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.Pumping;
using Neptune.Streams.Pump.State;
using Neptune.Streams.Pump.Tests.Pumping;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Pump.Tests.EndToEnd;

public sealed class LocalPipelineTests : IClassFixture<MotoServer>
{
    private readonly MotoServer _moto;
    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public LocalPipelineTests(MotoServer moto, Xunit.Abstractions.ITestOutputHelper output)
    {
        _moto = moto;
        _output = output;
    }

    [Fact]
    public async Task Thousands_of_random_mutations_all_reach_the_handler_in_order_per_element()
    {
        var recorded = new ConcurrentQueue<RecordedEvent>();
        await using var function = new RecordingFunction(recorded);
        var graph = new LocalGraph();
        var options = new LocalPipelineOptions { Graph = graph, Mutations = 3000, MutationInterval = TimeSpan.Zero, ShardCount = 4 };
        options.EventSourceMapping.ParallelizationFactor = 2;
        int invocations = 0;

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        LocalPipelineSummary summary = await LocalPipeline.RunAsync(function, options, a => { if (a.Kind == PipelineActivityKind.Invoked) { Interlocked.Increment(ref invocations); } }, timeout.Token);

        _output.WriteLine($"{summary.Mutations} mutations, {summary.StreamRecords} stream records, {summary.KinesisRecords} Kinesis records, {summary.Invocations} invocations, {recorded.Count} events in {summary.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(summary.Drained);
        Assert.Equal(3000, summary.Mutations);
        Assert.Equal(0, summary.RecordsSentToOnFailure);
        Assert.Equal(summary.KinesisRecords, summary.RecordsSucceeded);
        Assert.Equal(summary.Invocations, invocations);
        PipelineAssertions.EveryChangeArrivedInOrder(graph, recorded, labelsAlwaysKnown: true);
        Assert.Contains(recorded, e => e.Kind == GraphEventKind.VertexDeleted);
        Assert.Contains(recorded, e => e.Kind == GraphEventKind.EdgeDeleted);
    }

    [Fact]
    public async Task A_pump_killed_and_restarted_and_a_function_crashing_mid_batch_lose_nothing()
    {
        var graph = new LocalGraph();
        var writer = new SocialNetworkWriter(graph, seed: 7);
        for (int i = 0; i < 2000; i++)
        {
            writer.WriteOne();
        }

        var kinesis = new InMemoryKinesis();
        var state = new InMemoryPumpStateStore();
        await using PumpHarness h = await PumpHarness.StartAsync(kinesis, state, graph, shards: 3);
        using var killFirst = new CancellationTokenSource();
        int accepted = 0;
        kinesis.PutFault = _ =>
        {
            if (Interlocked.Increment(ref accepted) == 700)
            {
                killFirst.Cancel();
            }

            return null;
        };

        PumpRunSummary first = await h.Pump(h.Options(o => { o.StopWhenCaughtUp = false; o.Limit = 50; })).RunAsync(cancellationToken: killFirst.Token);
        PumpRunSummary second = await h.Pump().RunAsync();

        Assert.Equal(PumpStopReason.Cancelled, first.StopReason);
        Assert.Equal(PumpStopReason.CaughtUp, second.StopReason);
        Assert.True(first.RecordsForwarded > 0 && second.RecordsForwarded > 0);
        var recorded = new ConcurrentQueue<RecordedEvent>();
        await using var function = new RecordingFunction(recorded);
        int invocations = 0;
        var mapping = new KinesisEventSourceMapping(kinesis, async (e, ct) =>
        {
            if (Interlocked.Increment(ref invocations) % 4 == 0)
            {
                // The function dies mid-batch: half the batch was handled, then the process crashed.
                await function.ProcessAsync(new Lambda.Kinesis.KinesisEvent { Records = [.. e.Records.Take(e.Records.Count / 2)] }, null, ct);
                throw new InvalidOperationException("function crashed");
            }

            return await function.ProcessAsync(e, null, ct);
        }, new EventSourceMappingOptions { StreamName = h.StreamName, StopWhenIdle = true, PollInterval = TimeSpan.FromMilliseconds(5), RetryDelay = TimeSpan.Zero });
        await mapping.RunAsync();

        Assert.True(mapping.Stats.FunctionErrors > 0);
        Assert.True(recorded.Count > recorded.Select(r => (r.CommitNum, r.Id)).Distinct().Count(), "the crashes should have caused redeliveries");
        PipelineAssertions.EveryChangeArrivedInOrder(graph, recorded);
    }

    [Fact]
    public async Task A_change_split_over_several_envelopes_reaches_the_handler_as_one_event()
    {
        await using PumpHarness h = await PumpHarness.StartAsync(shards: 1);
        string big = new('x', 100_000);
        h.Graph.AddVertex("huge", ["blob"], Enumerable.Range(0, 25).Select(i => new KeyValuePair<string, object>($"p{i:D2}", big)));
        await h.Pump().RunAsync();
        var recorded = new ConcurrentQueue<RecordedEvent>();
        await using var function = new RecordingFunction(recorded);
        var mapping = new KinesisEventSourceMapping(h.Kinesis, (e, ct) => function.ProcessAsync(e, null, ct),
            new EventSourceMappingOptions { StreamName = h.StreamName, StopWhenIdle = true, PollInterval = TimeSpan.FromMilliseconds(5) });

        await mapping.RunAsync();

        RecordedEvent added = Assert.Single(recorded);
        Assert.Equal((GraphEventKind.VertexAdded, "huge"), (added.Kind, added.Id));
    }

    [Fact]
    public async Task The_pipeline_can_pump_from_another_Neptune_endpoint_until_cancelled()
    {
        var remote = new LocalGraph();
        await using var remoteEndpoint = LocalNeptuneEndpoint.Start(remote);
        remote.AddVertex("x", ["person"]);
        remote.AddVertex("y", ["person"]);
        var recorded = new ConcurrentQueue<RecordedEvent>();
        await using var function = new RecordingFunction(recorded);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var options = new LocalPipelineOptions { NeptuneEndpoint = remoteEndpoint.Endpoint };

        // With an external endpoint the pipeline runs until cancelled: stop it once both events are in.
        LocalPipelineSummary summary = await LocalPipeline.RunAsync(function, options, null, WhenBothArrived(recorded, stop));

        Assert.Equal(0, summary.Mutations);
        Assert.Equal(["x", "y"], recorded.Select(e => e.Id).Order().ToArray());
    }

    private static CancellationToken WhenBothArrived(ConcurrentQueue<RecordedEvent> recorded, CancellationTokenSource stop)
    {
        _ = Task.Run(async () =>
        {
            while (recorded.Count < 2 && !stop.IsCancellationRequested)
            {
                await Task.Delay(10);
            }

            await stop.CancelAsync();
        });
        return stop.Token;
    }

    [Fact]
    public async Task The_pipeline_runs_against_moto_Kinesis_and_DynamoDB()
    {
        using var dynamo = new AmazonDynamoDBClient(MotoServer.Credentials, new AmazonDynamoDBConfig { ServiceURL = _moto.Endpoint, AuthenticationRegion = MotoServer.Region });
        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = "pipeline-state",
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)],
        });
        using KinesisHttpClient kinesis = KinesisHttpClient.Create(new Uri(_moto.Endpoint), MotoServer.Credentials, MotoServer.Region);
        var recorded = new ConcurrentQueue<RecordedEvent>();
        await using var function = new RecordingFunction(recorded);
        var graph = new LocalGraph();
        var options = new LocalPipelineOptions
        {
            Graph = graph, Mutations = 300, MutationInterval = TimeSpan.Zero, Kinesis = kinesis, PumpState = new DynamoDbPumpStateStore(dynamo, "pipeline-state"),
        };
        options.Pump.KinesisStreamName = "pipeline-moto";

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        LocalPipelineSummary summary = await LocalPipeline.RunAsync(function, options, null, timeout.Token);

        Assert.True(summary.Drained);
        PipelineAssertions.EveryChangeArrivedInOrder(graph, recorded);
    }
}
