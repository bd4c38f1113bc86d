using Microsoft.Extensions.Time.Testing;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using FollowNotifications;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda.Kinesis;
using Neptune.Streams.Lambda.Testing;
using Neptune.Streams.TestSupport;

namespace Samples.FollowNotifications.Tests;

/// <summary>The FollowNotifications sample against moto_server's SQS and DynamoDB: one message per follows edge, ever.</summary>
public sealed class FollowNotificationsTests : IClassFixture<MotoServer>, IAsyncLifetime
{
    private const string Alice = "a8c4a1f2-3b7e-5c1d-9e2f-4d6b8a0c2e41";
    private const string Bob = "f2c4a1d9-7e0b-4c55-2a31-9b8e6d4f1c07";
    private const string FollowsEdge = "b6c4a1fb-0a9d-2e44-c1f8-5d7a3b6e2c98";

    private readonly AmazonDynamoDBClient _dynamoDb;
    private readonly AmazonSQSClient _sqs;
    private readonly FollowNotificationsOptions _options = new() { TableName = $"follows-{Guid.NewGuid():N}" };
    private readonly FakeTimeProvider _clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    public FollowNotificationsTests(MotoServer moto)
    {
        _dynamoDb = new AmazonDynamoDBClient(MotoServer.Credentials, new AmazonDynamoDBConfig { ServiceURL = moto.Endpoint, AuthenticationRegion = MotoServer.Region });
        _sqs = new AmazonSQSClient(MotoServer.Credentials, new AmazonSQSConfig { ServiceURL = moto.Endpoint, AuthenticationRegion = MotoServer.Region });
    }

    public async Task InitializeAsync()
    {
        await _dynamoDb.CreateTableAsync(new CreateTableRequest
        {
            TableName = _options.TableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)],
        });
        var queue = await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = $"notifications-{Guid.NewGuid():N}" });
        _options.QueueUrl = queue.QueueUrl;
    }

    public Task DisposeAsync()
    {
        _dynamoDb.Dispose();
        _sqs.Dispose();
        return Task.CompletedTask;
    }

    private FollowNotificationsFunction Function(FollowNotificationsOptions? options = null, TimeProvider? clock = null)
    {
        var function = new FollowNotificationsFunction();
        function.Override(b => FollowNotificationsFunction.UseOptions(b, options ?? _options).Services
            .AddSingleton<IAmazonSQS>(_sqs)
            .AddSingleton<IAmazonDynamoDB>(_dynamoDb)
            .AddSingleton(clock ?? _clock));
        return function;
    }

    /// <summary>Every message on the queue now; received messages stay invisible for the rest of the test.</summary>
    private async Task<List<FollowNotification>> DrainAsync()
    {
        var messages = new List<FollowNotification>();
        while (true)
        {
            var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = _options.QueueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 0, VisibilityTimeout = 3600,
            });
            if (response.Messages is not { Count: > 0 })
            {
                return messages;
            }

            messages.AddRange(response.Messages.Select(m => JsonSerializer.Deserialize(m.Body, FollowNotificationsJsonContext.Default.FollowNotification)!));
        }
    }

    [Fact]
    public async Task FixtureBatch_SendsOneNotificationForTheFollowsEdgeWithBothNames()
    {
        await using var function = Function();

        var response = await function.ProcessAsync(Fixture.Event("pg-json-records-event.json"));

        Assert.Empty(response.BatchItemFailures);
        var message = Assert.Single(await DrainAsync());
        Assert.Equal(FollowsEdge, message.EdgeId);
        Assert.Equal(Bob, message.From);
        Assert.Equal(Alice, message.To);
        Assert.Equal("Bob", message.FromName);
        Assert.Equal("Alice", message.ToName); // the edge (4713) came before Alice's rename (4714)
        Assert.Equal("4713:3", message.NeptuneEventId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1718010911028), message.FollowedAt);
    }

    [Fact]
    public async Task ReplayedBatch_SendsNothingTwice()
    {
        await using (var first = Function())
        {
            await first.ProcessAsync(Fixture.Event("pg-json-records-event.json"));
        }

        await using var replay = Function();
        var response = await replay.ProcessAsync(Fixture.Event("pg-json-records-event.json"));
        var again = await replay.ProcessAsync(Fixture.Event("pg-json-records-event.json"));

        Assert.Empty(response.BatchItemFailures);
        Assert.Empty(again.BatchItemFailures);
        Assert.Single(await DrainAsync());
    }

    [Fact]
    public async Task SameChangesInAnotherEncoding_SendNothingTwice()
    {
        // The same commits delivered as one page record instead of one record per change: same Neptune event ids.
        await using var function = Function();
        await function.ProcessAsync(Fixture.Event("pg-json-records-event.json"));

        await function.ProcessAsync(Fixture.Event("pg-json-page-event.json"));

        Assert.Single(await DrainAsync());
    }

    [Fact]
    public async Task SendFailure_ReportsTheEdgeAndTheRedeliverySendsItOnce()
    {
        var broken = new FollowNotificationsOptions { TableName = _options.TableName, QueueUrl = _options.QueueUrl + "-missing" };
        var batch = new KinesisEventBuilder()
            .AddChanges(new NeptuneChangeBuilder(20).AddEdge("e1", "follows", "p1", "p2").Commit().AddEdge("e2", "follows", "p2", "p1"))
            .Build();
        // The test's time, with real timers: the handler's retry delays end, which they never do on a FakeTimeProvider nobody advances.
        var retrying = new ShiftedTimeProvider(TimeProvider.System) { Offset = _clock.GetUtcNow() - TimeProvider.System.GetUtcNow() };
        await using (var failing = Function(broken, retrying))
        {
            var failed = await failing.ProcessAsync(batch);
            Assert.Equal(KinesisEventBuilder.SequenceNumberAt(0), Assert.Single(failed.BatchItemFailures).ItemIdentifier);
        }

        await using var healthy = Function();
        var response = await healthy.ProcessAsync(batch);
        await healthy.ProcessAsync(batch);

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(["e1", "e2"], (await DrainAsync()).Select(m => m.EdgeId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task OtherEdgeLabels_SendNothing()
    {
        await using var function = Function();

        await function.ProcessAsync(Changes(new NeptuneChangeBuilder(30).AddEdge("e1", "knows", "p1", "p2")));

        Assert.Empty(await DrainAsync());
    }

    [Fact]
    public async Task FollowBetweenPeopleNeverNamed_IsSentWithoutNames()
    {
        await using var function = Function();

        await function.ProcessAsync(Changes(new NeptuneChangeBuilder(30).AddEdge("e1", "follows", "p1", "p2")));

        var message = Assert.Single(await DrainAsync());
        Assert.Null(message.FromName);
        Assert.Null(message.ToName);
    }

    [Fact]
    public async Task EdgeDeletedAndCreatedAgain_IsANewFollowAndNotifiedAgain()
    {
        await using var function = Function();
        var follows = new NeptuneChangeBuilder(40).AddEdge("e1", "follows", "p1", "p2");
        await function.ProcessAsync(Changes(follows));
        await function.ProcessAsync(Changes(new NeptuneChangeBuilder(41).RemoveEdge("e1", "follows", "p1", "p2")));

        await function.ProcessAsync(Changes(new NeptuneChangeBuilder(42).AddEdge("e1", "follows", "p1", "p2")));
        await function.ProcessAsync(Changes(follows));

        Assert.Equal(["40:1", "42:1"], (await DrainAsync()).Select(m => m.NeptuneEventId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task OlderNameDeliveredAfterANewerOne_DoesNotReplaceIt()
    {
        await using var function = Function();
        await function.ProcessAsync(Changes(new NeptuneChangeBuilder(50).AddVertex("p1", "person", ("name", "Old"))));
        await function.ProcessAsync(Changes(new NeptuneChangeBuilder(52).SetVertexProperty("p1", "name", "Old", "New")));
        await function.ProcessAsync(Changes(new NeptuneChangeBuilder(50).AddVertex("p1", "person", ("name", "Old"))));

        await function.ProcessAsync(Changes(new NeptuneChangeBuilder(53).AddEdge("e1", "follows", "p1", "p2")));

        Assert.Equal("New", Assert.Single(await DrainAsync()).FromName);
    }

    [Fact]
    public async Task SentNotification_LeavesACompletedIdempotencyMarkerThatExpiresAfterTheGuardTime()
    {
        _options.GuardTime = TimeSpan.FromDays(10);
        await using var function = Function();
        await function.ProcessAsync(Changes(new NeptuneChangeBuilder(60).AddEdge("e1", "follows", "p1", "p2")));

        var item = await _dynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = _options.TableName,
            Key = new Dictionary<string, AttributeValue> { ["pk"] = new() { S = "idempotency#FollowNotifier#e1" }, ["sk"] = new() { S = "commit#60" } },
            ConsistentRead = true,
        });

        Assert.Equal("COMPLETED", item.Item["status"].S);
        Assert.Equal((_clock.GetUtcNow() + TimeSpan.FromDays(10)).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), item.Item["ttl"].N);
    }

    private static KinesisEvent Changes(NeptuneChangeBuilder changes) => new KinesisEventBuilder().AddChanges(changes).Build();
}
