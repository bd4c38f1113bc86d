using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Amazon.SQS;
using Amazon.SQS.Model;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.DeadLetters;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Local.EventSourceMapping;
using Neptune.Streams.Local.NeptuneEndpoint;
using Neptune.Streams.Local.Pipeline;
using Neptune.Streams.Pump.DeadLetters;
using Neptune.Streams.Pump.Pumping;
using Neptune.Streams.Pump.State;
using Neptune.Streams.Pump.Tests.Pumping;
using Neptune.Streams.TestSupport;
using Xunit.Abstractions;

namespace Neptune.Streams.Pump.Tests.EndToEnd;

/// <summary>
/// Issue 16, the proof: a graph writer's hostile elements, among normal traffic, neither stall nor bend the pipeline,
/// and each lands where the README's Security section says. Local Neptune endpoint → pump (with its dead-letter queue)
/// → Kinesis → event-source-mapping emulator with template.yaml's settings → a function with the library's defaults,
/// its DynamoDB, SQS and S3 on moto_server.
/// </summary>
public sealed class HostileGraphWritesTests(MotoServer moto, ITestOutputHelper output) : IClassFixture<MotoServer>, IDisposable
{
    private const string Big = "hostile-2mib-property";
    private const string LabelsAtCap = "hostile-5000-labels";
    private const string LabelsPastCap = "hostile-5001-labels";
    private const string ScoredOk = "scored-ok";
    private const string NaN = "hostile-nan";
    private const string Plus = "hostile-plus-5";
    private const string Dot = "hostile-dot-5";
    private static readonly string LongId = "hostile-long-id-" + new string('x', 3 * 1024);
    private static readonly string LongEdgeId = "hostile-long-edge-" + new string('e', 3 * 1024);

    private readonly AmazonDynamoDBClient _dynamo = new(MotoServer.Credentials, new AmazonDynamoDBConfig { ServiceURL = moto.Endpoint, AuthenticationRegion = MotoServer.Region });
    private readonly AmazonSQSClient _sqs = new(MotoServer.Credentials, new AmazonSQSConfig { ServiceURL = moto.Endpoint, AuthenticationRegion = MotoServer.Region });
    private readonly AmazonS3Client _s3 = new(MotoServer.Credentials, new AmazonS3Config { ServiceURL = moto.Endpoint, AuthenticationRegion = MotoServer.Region, ForcePathStyle = true });

    [Fact]
    public async Task Hostile_elements_among_normal_traffic_neither_stall_nor_reorder_the_pipeline_and_each_lands_where_the_README_says()
    {
        string name = "hostile-" + Guid.NewGuid().ToString("N")[..10];
        await CreateTableAsync(name);
        await _s3.PutBucketAsync(name);
        string pumpQueue = (await _sqs.CreateQueueAsync(name + "-pump-dlq")).QueueUrl;
        string consumerQueue = (await _sqs.CreateQueueAsync(name + "-dlq")).QueueUrl;
        string onFailureQueue = (await _sqs.CreateQueueAsync(name + "-on-failure")).QueueUrl;

        var graph = new LocalGraph();
        var hostileCommits = new Dictionary<string, long>(StringComparer.Ordinal);
        WriteTraffic(graph, hostileCommits);

        // The pump: default page size, its dead-letter queue on moto, its metrics captured.
        await using PumpHarness h = await PumpHarness.StartAsync(state: new DynamoDbPumpStateStore(_dynamo, name), graph: graph, shards: 2);
        using var pumpMetrics = new StringWriter();
        PumpOptions pumpOptions = h.Options(o =>
        {
            o.Limit = new PumpOptions().Limit;
            o.MetricsOutput = pumpMetrics;
        });
        var pumpDeadLetters = new PumpDeadLetterQueue(_sqs, _s3, pumpQueue, name);
        PumpRunSummary pumped = await new StreamPump(pumpOptions, h.Http, h.Kinesis, h.State, deadLetters: pumpDeadLetters).RunAsync();

        // The pump kept moving: its position passed every hostile commit, and only the 2 MiB change was set aside.
        Assert.Equal(PumpStopReason.CaughtUp, pumped.StopReason);
        Assert.Equal(graph.LastCommitNum, pumped.Position!.Value.CommitNum);
        Assert.Equal(graph.LastCommitNum, (await h.State.GetPositionAsync(pumpOptions.PumpId))!.Value.CommitNum);
        Assert.True(hostileCommits.Values.All(c => c < graph.LastCommitNum), "normal traffic follows every hostile write");
        Assert.Equal(1, pumped.ChangesDeadLettered);
        Assert.Contains(pumpMetrics.ToString().Split('\n'), l => l.Contains("\"OversizedChanges\":1", StringComparison.Ordinal));

        // The consumer, as template.yaml deploys its event source mapping.
        var recorded = new HostileWritesFunction.Recorded();
        await using var function = new HostileWritesFunction(moto.Endpoint, name, consumerQueue, name, recorded);
        var mapping = new KinesisEventSourceMapping(h.Kinesis, (e, ct) => function.ProcessAsync(e, null, ct), new EventSourceMappingOptions
        {
            StreamName = h.StreamName,
            BatchSize = 100,
            MaximumBatchingWindow = TimeSpan.FromSeconds(1),
            MaximumRetryAttempts = 10,
            BisectBatchOnFunctionError = true,
            MaximumRecordAge = TimeSpan.FromSeconds(86400),
            ParallelizationFactor = 1,
            PollInterval = TimeSpan.FromMilliseconds(20),
            OnFailure = SqsOnFailureDestination.Create(_sqs, onFailureQueue),
            StopWhenIdle = true,
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await mapping.RunAsync(timeout.Token);
        output.WriteLine($"{graph.LastCommitNum} commits, {pumped.RecordsForwarded} stream records, {pumped.KinesisRecordsWritten} Kinesis records, "
            + $"{mapping.Stats.Invocations} invocations, {mapping.Stats.FunctionErrors} function errors, {mapping.Stats.PartialFailures} partial failures, {recorded.Events.Count} events");

        // Nothing was given up and no batch failed: the shards never stalled on a hostile record.
        Assert.Equal(0, mapping.Stats.RecordsSentToOnFailure);
        Assert.Empty(await ReceiveAllAsync(onFailureQueue));
        Assert.Equal(pumped.KinesisRecordsWritten, mapping.Stats.RecordsSucceeded);

        // Every other change reached the handlers once per (commit, element) and in commit order per element.
        PipelineAssertions.EveryChangeArrivedInOrder(graph, [.. recorded.Events], labelsAlwaysKnown: true,
            notDelivered: new HashSet<string>([Big, LabelsPastCap, NaN, Plus, Dot], StringComparer.Ordinal));
        Assert.Equal(5_000, recorded.LabelCounts[LabelsAtCap]);
        Assert.Equal([GraphEventKind.VertexAdded, GraphEventKind.VertexUpdated], recorded.Events.Where(e => e.Id == LongId).Select(e => e.Kind).Distinct());
        Assert.Contains(recorded.Events, e => e.Id == LongEdgeId && e.Kind == GraphEventKind.EdgeAdded && e.To == LongId);
        Assert.Equal((ScoredOk, 0.5, 5), Assert.Single(recorded.Scores));

        // The 2 MiB property: the pump's dead-letter queue names it, S3 holds the whole change.
        JsonElement oversized = Assert.Single(await ReceiveAllAsync(pumpQueue));
        Assert.Equal(PumpDeadLetterQueue.OversizedChangeKind, oversized.GetProperty("kind").GetString());
        Assert.Equal((Big, hostileCommits[Big]), (oversized.GetProperty("elementId").GetString(), oversized.GetProperty("commitNum").GetInt64()));
        using (var stored = await _s3.GetObjectAsync(name, oversized.GetProperty("envelopeS3Key").GetString()))
        using (JsonDocument envelope = await JsonDocument.ParseAsync(stored.ResponseStream))
        {
            Assert.Equal(Big, envelope.RootElement.GetProperty("id").GetString());
        }

        // 5,001 labels (past the cap) and values that cannot bind: the consumer's dead-letter queue, every op of each change.
        var deadLetters = new List<(DeadLetterMessage Message, JsonElement Envelope)>();
        foreach (JsonElement body in await ReceiveAllAsync(consumerQueue))
        {
            DeadLetterMessage message = DeadLetterMessage.Parse(body.GetRawText());
            deadLetters.Add((message, await EnvelopeOfAsync(message)));
        }

        output.WriteLine(string.Join("\n", deadLetters.Select(d => $"dead letter {Shorten(d.Envelope.GetProperty("id").GetString()!)}: {d.Message.Reason}")));
        Assert.Equal([LabelsPastCap, Dot, NaN, Plus], deadLetters.Select(d => d.Envelope.GetProperty("id").GetString()).Distinct().Order(StringComparer.Ordinal));
        Assert.All(deadLetters.Where(d => d.Envelope.GetProperty("id").GetString() == LabelsPastCap),
            d => Assert.Contains("more than 5000 labels", d.Message.Reason, StringComparison.Ordinal));
        Assert.All(deadLetters.Where(d => d.Envelope.GetProperty("id").GetString() is NaN or Plus or Dot),
            d => Assert.Contains("failed permanently", d.Message.Reason, StringComparison.Ordinal));
        foreach (string id in (string[])[LabelsPastCap, NaN, Plus, Dot])
        {
            var ops = deadLetters.Where(d => d.Envelope.GetProperty("id").GetString() == id)
                .SelectMany(d => d.Envelope.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("eventId").GetProperty("opNum").GetInt64()))
                .ToHashSet();
            Assert.Equal(graph.Log.Read(false, StreamIteratorType.TrimHorizon, 0, 0, int.MaxValue).Entries.Count(e => e.Id == id), ops.Count);
        }

        // The 3 KB ids: their idempotency items exist under hashed keys, and no DynamoDB key is over 2,048 bytes.
        List<Dictionary<string, AttributeValue>> items = await ScanAsync(name);
        Assert.All(items, i => Assert.True(Encoding.UTF8.GetByteCount(i["pk"].S) <= 2048, $"a {Encoding.UTF8.GetByteCount(i["pk"].S)}-byte partition key"));
        Assert.True(items.Count(i => i["pk"].S.StartsWith("idempotency#", StringComparison.Ordinal) && i["pk"].S.Contains("#sha256:", StringComparison.Ordinal)) >= 3,
            "the long ids' idempotency markers (vertex add, update, edge add)");
    }

    /// <summary>Normal social-network traffic with a hostile write after every 40 changes; records each hostile write's commit.</summary>
    private static void WriteTraffic(LocalGraph graph, Dictionary<string, long> hostileCommits)
    {
        var writer = new SocialNetworkWriter(graph, seed: 16);
        Action[] hostile =
        [
            () => hostileCommits[Big] = graph.AddVertex(Big, ["blob"], [new("payload", new string('b', 2 * 1024 * 1024))]),
            () => hostileCommits[LabelsAtCap] = graph.AddVertex(LabelsAtCap, Labels(5_000)),
            () => hostileCommits[LabelsPastCap] = graph.AddVertex(LabelsPastCap, Labels(5_001)),
            () => hostileCommits[LongId] = graph.AddVertex(LongId, ["person"], [new("name", "Long")]),
            () => graph.SetProperty(LongId, "city", "Oslo"),
            () => hostileCommits[LongEdgeId] = graph.AddEdge(LongEdgeId, "follows", LongId, LongId),
            () => hostileCommits[ScoredOk] = graph.AddVertex(ScoredOk, ["scored"], [new("score", 0.5), new("rank", 5)]),
            () => hostileCommits[NaN] = graph.AddVertex(NaN, ["scored"], [new("score", double.NaN)]),
            () => hostileCommits[Plus] = graph.AddVertex(Plus, ["scored"], [new("rank", "+5")]),
            () => hostileCommits[Dot] = graph.AddVertex(Dot, ["scored"], [new("score", ".5")]),
        ];
        for (int i = 0; i < (hostile.Length + 1) * 40; i++)
        {
            if (i % 40 == 39 && i / 40 < hostile.Length)
            {
                hostile[i / 40]();
            }
            else
            {
                writer.WriteOne();
            }
        }
    }

    private static string[] Labels(int count) => [.. Enumerable.Range(0, count).Select(i => "L" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private static string Shorten(string id) => id.Length > 40 ? id[..40] + "…" : id;

    private async Task<JsonElement> EnvelopeOfAsync(DeadLetterMessage message)
    {
        // The record's data as Lambda gave it (base64), in the message or, when too large for SQS, in S3.
        string? base64 = message.Data;
        if (base64 is null)
        {
            using var stored = await _s3.GetObjectAsync(message.DataS3Bucket, message.DataS3Key);
            using var reader = new StreamReader(stored.ResponseStream);
            base64 = await reader.ReadToEndAsync();
        }

        return JsonDocument.Parse(Convert.FromBase64String(base64)).RootElement.Clone();
    }

    private async Task<List<JsonElement>> ReceiveAllAsync(string queueUrl)
    {
        var messages = new List<JsonElement>();
        while ((await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 1, VisibilityTimeout = 300 })).Messages
            is { Count: > 0 } received)
        {
            messages.AddRange(received.Select(m => JsonDocument.Parse(m.Body).RootElement.Clone()));
        }

        return messages;
    }

    private async Task CreateTableAsync(string name) => await _dynamo.CreateTableAsync(new CreateTableRequest
    {
        TableName = name,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.S)],
        KeySchema = [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)],
    });

    private async Task<List<Dictionary<string, AttributeValue>>> ScanAsync(string table)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            ScanResponse page = await _dynamo.ScanAsync(new ScanRequest { TableName = table, ExclusiveStartKey = start });
            items.AddRange(page.Items);
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
        return items;
    }

    public void Dispose()
    {
        _dynamo.Dispose();
        _sqs.Dispose();
        _s3.Dispose();
    }
}
