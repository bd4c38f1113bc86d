using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS;
using Neptune.Streams.Lambda.Kinesis;
using Neptune.Streams.Lambda.Testing;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Chaos.Tests;

/// <summary>
/// The chaos invoker stands for Lambda: an execution environment runs one invocation at a time, so with
/// ParallelizationFactor above 1 the concurrent batches of one shard run in environments of their own, and a kill
/// takes down only the invocation it was injected into.
/// </summary>
public sealed class ChaosInvokerTests(MotoServer moto) : IClassFixture<MotoServer>
{
    [Fact]
    public async Task A_kill_in_one_invocation_does_not_kill_a_concurrent_invocation_of_the_same_shard()
    {
        string name = "invoker-" + Guid.NewGuid().ToString("N")[..8];
        using var dynamo = new AmazonDynamoDBClient(MotoServer.Credentials, new AmazonDynamoDBConfig { ServiceURL = moto.Endpoint, AuthenticationRegion = MotoServer.Region });
        using var sqs = new AmazonSQSClient(MotoServer.Credentials, new AmazonSQSConfig { ServiceURL = moto.Endpoint, AuthenticationRegion = MotoServer.Region });
        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)],
        });
        string deadLetters = (await sqs.CreateQueueAsync(name + "-dlq")).QueueUrl;

        // No random fault; every event is held up in the handler (before its claim) and the second event handled in
        // the run kills its function instance.
        var options = new ChaosOptions
        {
            ParallelizationFactor = 4,
            HandlerFaultRate = 0,
            HandlerOutcomeRate = 0,
            HandlerLatencyRate = 1,
            HandlerLatency = TimeSpan.FromSeconds(5),
            AwsFaultRate = 0,
            CrashRate = 0,
            CrashAtEvent = 2,
            ShortTimeoutRate = 0,
            PermanentFailureRate = 0,
            ClaimKillRate = 0,
        };
        var world = new ChaosWorld(options, moto.Endpoint, name, deadLetters);
        await using var invoker = new ChaosInvoker(world);

        // Two lanes of one shard (two partition keys), as the event source mapping invokes them at ParallelizationFactor 4.
        Task<StreamsEventResponse> first = invoker.InvokeAsync(Batch("lane-a", 30_000_001), CancellationToken.None);
        while (!world.Sink.Deliveries.Any())
        {
            Assert.False(first.IsCompleted, "the first invocation ended before its handler got the event");
            await Task.Delay(10);
        }

        // The second invocation's handler dies (the 2nd handled event): that environment is gone, and Lambda says so.
        var killed = await Assert.ThrowsAsync<InvalidOperationException>(() => invoker.InvokeAsync(Batch("lane-b", 30_000_002), CancellationToken.None));
        Assert.Contains("signal: killed", killed.Message, StringComparison.Ordinal);

        // The first one ran in an environment of its own: it goes on, applies its effect once and reports no failure.
        // (Sharing the instance, it died too, wherever it stood — even between its effect and the completion of its
        // claim, which a redelivery then applied a second time once the claim expired.)
        StreamsEventResponse response = await first;
        Assert.Empty(response.BatchItemFailures);
        Assert.Single(world.Sink.Effects["lane-a"]);
        Assert.False(world.Sink.Effects.ContainsKey("lane-b"));
    }

    private static KinesisEvent Batch(string id, long commit)
    {
        string time = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        string record = "[{\"commitTimestamp\":" + time
            + ",\"eventId\":{\"commitNum\":" + commit.ToString(CultureInfo.InvariantCulture) + ",\"opNum\":1}"
            + ",\"data\":{\"id\":\"" + id + "\",\"type\":\"vl\",\"key\":\"label\",\"value\":{\"value\":\"person\",\"dataType\":\"String\"}}"
            + ",\"op\":\"ADD\",\"isLastOp\":true}]";
        return new KinesisEventBuilder().AddRecord(record, id).Build();
    }
}
