using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Time.Testing;
using Neptune.Streams.Local.NeptuneEndpoint;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.Snapshot;
using Neptune.Streams.Pump.State;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Pump.Tests.Hosting;

/// <summary><c>neptune-stream-pump snapshot</c> as its own process: local Neptune, moto's Kinesis and DynamoDB.</summary>
public sealed class PumpSnapshotCommandTests(MotoServer moto) : IClassFixture<MotoServer>
{
    /// <summary>How long the test waits for a slow machine before it gives up (not a timing assertion).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Snapshot_command_sends_a_history_older_than_retention_then_streams_the_changes_after_it()
    {
        // The history was written eight days ago: the stream no longer has it, only the snapshot can send it.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromDays(8));
        var graph = new LocalGraph(clock);
        graph.AddVertex("ada", ["person"], [new("name", "Ada")]);
        graph.AddVertex("ben", ["person"], [new("name", "Ben")]);
        graph.AddEdge("f1", "follows", "ada", "ben");
        clock.SetUtcNow(DateTimeOffset.UtcNow);
        await using var endpoint = LocalNeptuneEndpoint.Start(graph);
        string name = "snapshot-cmd-" + Guid.NewGuid().ToString("N")[..8];
        using var dynamo = new AmazonDynamoDBClient(MotoServer.Credentials, new AmazonDynamoDBConfig { ServiceURL = moto.Endpoint, AuthenticationRegion = MotoServer.Region });
        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)],
        });
        using KinesisHttpClient kinesis = KinesisHttpClient.Create(new Uri(moto.Endpoint), MotoServer.Credentials, MotoServer.Region);
        await kinesis.CreateStreamAsync(name, 1);

        await using var pump = PumpHostProcess.Start(
            new Dictionary<string, string>
            {
                ["NEPTUNE_STREAMS_NEPTUNE_ENDPOINT"] = endpoint.Endpoint.ToString(),
                ["NEPTUNE_STREAMS_KINESIS_STREAM_NAME"] = name,
                ["NEPTUNE_STREAMS_KINESIS_ENDPOINT"] = moto.Endpoint,
                ["NEPTUNE_STREAMS_TABLE_NAME"] = name,
                ["NEPTUNE_STREAMS_DYNAMODB_ENDPOINT"] = moto.Endpoint,
                ["NEPTUNE_STREAMS_PUMP_INITIAL_POSITION"] = "TRIM_HORIZON", // the command overrides it
            },
            "snapshot");
        var store = new DynamoDbPumpStateStore(dynamo, name);
        bool done = false;
        for (DateTime until = DateTime.UtcNow + Patience; !done && DateTime.UtcNow < until && !HasExited(pump);)
        {
            done = await store.GetSnapshotAsync(name) is { Phase: SnapshotPhase.Done };
            await Task.Delay(50);
        }

        Assert.True(done, $"the snapshot did not finish\n{pump.Describe()}");

        // Streaming after the snapshot: a change made now arrives as an ordinary change record.
        graph.AddVertex("cy", ["person"], [new("name", "Cy")]);
        List<(string Key, JsonElement Envelope)> records = [];
        for (DateTime until = DateTime.UtcNow + Patience; !records.Any(r => r.Key == "cy") && DateTime.UtcNow < until && !HasExited(pump);)
        {
            records = await ReadAllAsync(kinesis, name);
            await Task.Delay(50);
        }

        Assert.False(HasExited(pump), $"the pump exited with {(HasExited(pump) ? pump.ExitCode : 0)}\n{pump.Describe()}");
        var snapshot = records.Where(r => IsSnapshot(r.Envelope)).Select(r => r.Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["ada", "ben", "f1"], snapshot);
        (string Key, JsonElement Envelope) cy = Assert.Single(records, r => r.Key == "cy");
        Assert.False(IsSnapshot(cy.Envelope));
        // The position is written after the records it covers are on the stream: wait for it.
        long? position = null;
        for (DateTime until = DateTime.UtcNow + Patience; position != graph.LastCommitNum && DateTime.UtcNow < until && !HasExited(pump);)
        {
            position = (await store.GetPositionAsync(name))?.CommitNum;
            await Task.Delay(50);
        }

        Assert.Equal(graph.LastCommitNum, position);
    }

    private static bool HasExited(ChildProcess pump)
    {
        try
        {
            _ = pump.ExitCode;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsSnapshot(JsonElement envelope) =>
        envelope.ValueKind == JsonValueKind.Object && envelope.TryGetProperty("snapshot", out JsonElement flag) && flag.ValueKind == JsonValueKind.True;

    private static async Task<List<(string Key, JsonElement Envelope)>> ReadAllAsync(KinesisHttpClient kinesis, string stream)
    {
        KinesisShard shard = Assert.Single(await kinesis.ListShardsAsync(stream));
        string iterator = await kinesis.GetShardIteratorAsync(stream, shard.ShardId, ShardIteratorKind.TrimHorizon);
        var records = new List<(string, JsonElement)>();
        foreach (KinesisRecord record in (await kinesis.GetRecordsAsync(iterator, 1000)).Records)
        {
            records.Add((record.PartitionKey, JsonDocument.Parse(record.Data).RootElement.Clone()));
        }

        return records;
    }
}
