using Microsoft.Extensions.Time.Testing;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AuditLog;
using AuditLog.Audit;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda.Kinesis;
using Neptune.Streams.Lambda.Testing;
using Neptune.Streams.TestSupport;

namespace Samples.AuditLog.Tests;

/// <summary>The AuditLog sample against moto_server's DynamoDB: one item per event, never two, queryable by element.</summary>
public sealed class AuditLogTests : IClassFixture<MotoServer>, IAsyncLifetime
{
    private const string Alice = "a8c4a1f2-3b7e-5c1d-9e2f-4d6b8a0c2e41";
    private const string Bob = "f2c4a1d9-7e0b-4c55-2a31-9b8e6d4f1c07";

    private readonly AmazonDynamoDBClient _dynamoDb;
    private readonly AuditLogOptions _options = new() { TableName = $"audit-{Guid.NewGuid():N}" };
    private readonly FakeTimeProvider _clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    public AuditLogTests(MotoServer moto)
    {
        _dynamoDb = new AmazonDynamoDBClient(MotoServer.Credentials, new AmazonDynamoDBConfig { ServiceURL = moto.Endpoint, AuthenticationRegion = MotoServer.Region });
    }

    public async Task InitializeAsync()
    {
        await _dynamoDb.CreateTableAsync(new CreateTableRequest
        {
            TableName = _options.TableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new(AuditKeys.ElementId, ScalarAttributeType.S), new(AuditKeys.EventId, ScalarAttributeType.S)],
            KeySchema = [new(AuditKeys.ElementId, KeyType.HASH), new(AuditKeys.EventId, KeyType.RANGE)],
        });
        await _dynamoDb.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
        {
            TableName = _options.TableName,
            TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = AuditKeys.ExpiresAt, Enabled = true },
        });
    }

    public Task DisposeAsync()
    {
        _dynamoDb.Dispose();
        return Task.CompletedTask;
    }

    private AuditLogFunction Function(AuditLogOptions? options = null, TimeProvider? clock = null)
    {
        var function = new AuditLogFunction();
        function.Override(b => b.Services
            .AddSingleton(options ?? _options)
            .AddSingleton<IAmazonDynamoDB>(_dynamoDb)
            .AddSingleton(clock ?? _clock));
        return function;
    }

    private AuditTable Table(int pageSize = 100) => new(_dynamoDb, _options, _clock) { QueryPageSize = pageSize };

    private async Task<List<Dictionary<string, AttributeValue>>> ScanAsync() =>
        (await _dynamoDb.ScanAsync(new ScanRequest { TableName = _options.TableName, ConsistentRead = true })).Items;

    [Fact]
    public async Task FixtureBatch_WritesOneItemPerGraphEvent()
    {
        await using var function = Function();

        var response = await function.ProcessAsync(Fixture.Event("pg-json-records-event.json"));

        Assert.Empty(response.BatchItemFailures);
        var kinds = (await ScanAsync()).Select(i => i["kind"].S).Order(StringComparer.Ordinal);
        Assert.Equal(["EdgeAdded", "EdgeAdded", "EdgeDeleted", "EdgeDeleted", "VertexAdded", "VertexAdded", "VertexDeleted", "VertexUpdated"], kinds);
    }

    [Theory]
    [InlineData(2048)] // a partition key at exactly DynamoDB's limit
    [InlineData(2049)] // one byte past it: hashed
    [InlineData(3072)]
    public async Task AnElementIdAtOrPastTheKeyLimit_IsAuditedAndQueryableByItsFullId(int idBytes)
    {
        // Regression (issue 16): the raw id was the partition key, so a longer one failed every attempt and stalled the shard.
        await using var function = Function();
        string id = new('x', idBytes);

        var response = await function.ProcessAsync(Changes(new NeptuneChangeBuilder(4711).AddVertexLabel(id, "person")));

        Assert.Empty(response.BatchItemFailures);
        AuditEntry entry = Assert.Single(await Table().QueryAsync(id));
        Assert.Equal(id, entry.ElementId);
        Assert.Empty(await Table().QueryAsync(new string('x', idBytes - 1)));
    }

    [Fact]
    public async Task AnItemOverDynamoDbsLimit_IsWrittenWithoutItsValuesAndSaysSo()
    {
        // Regression (issue 16): an item over 400 KB failed every attempt and stalled the shard.
        _options.IncludeValues = true;
        await using var function = Function();
        string value = new('v', 450 * 1024);

        var response = await function.ProcessAsync(Changes(new NeptuneChangeBuilder(4711).AddVertexProperty(Alice, "bio", value)));

        Assert.Empty(response.BatchItemFailures);
        AuditEntry entry = Assert.Single(await Table().QueryAsync(Alice));
        Assert.Equal(["values"], entry.Truncated);
        Assert.Equal(new Dictionary<string, string> { ["bio"] = "Added" }, entry.Changes);
        Assert.Empty(entry.NewValues);
    }

    [Fact]
    public async Task QueryByElementId_ReturnsItsEventsInStreamOrderWithWhoWhatWhenAndWhere()
    {
        await using var function = Function();
        await function.ProcessAsync(Fixture.Event("pg-json-records-event.json"));

        var entries = await Table().QueryAsync(Alice);

        Assert.Equal(["VertexAdded", "VertexUpdated"], entries.Select(e => e.Kind));
        AuditEntry added = entries[0];
        Assert.Equal("4711:1", added.NeptuneEventId);
        Assert.Equal(["person"], added.Labels);
        Assert.Equal(new Dictionary<string, string> { ["name"] = "Added", ["birthDate"] = "Added" }, added.Changes);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1718010902113), added.CommitTimestamp);
        Assert.Equal("shardId-000000000000", added.ShardId);
        Assert.Equal(_clock.GetUtcNow(), added.RecordedAt);
        Assert.Equal(new Dictionary<string, string> { ["name"] = "Changed" }, entries[1].Changes);
        Assert.Equal(4714, entries[1].CommitNum);
    }

    [Fact]
    public async Task DeletedVertex_IsAuditedWithTheLabelsAndPropertiesItLost()
    {
        await using var function = Function();
        await function.ProcessAsync(Fixture.Event("pg-json-records-event.json"));

        var bobEntries = await Table().QueryAsync(Bob);
        AuditEntry deleted = bobEntries[^1];

        Assert.Equal("VertexDeleted", deleted.Kind);
        Assert.Equal(["person", "employee"], deleted.Labels);
        Assert.Equal("Removed", deleted.Changes["name"]);
    }

    [Fact]
    public async Task ReplayedBatch_WritesNothingTwiceAndKeepsTheFirstItems()
    {
        await using (var first = Function())
        {
            await first.ProcessAsync(Fixture.Event("pg-json-records-event.json"));
        }

        var before = (await ScanAsync()).Count;
        _clock.Advance(TimeSpan.FromHours(3));
        await using var replay = Function();

        var response = await replay.ProcessAsync(Fixture.Event("pg-json-records-event.json"));

        Assert.Empty(response.BatchItemFailures);
        var items = await ScanAsync();
        Assert.Equal(before, items.Count);
        Assert.All(items, i => Assert.Equal("2026-11-26T12:00:00.0000000+00:00", i["recordedAt"].S));
    }

    [Fact]
    public async Task EventsDeliveredOutOfOrder_AreStillQueriedInStreamOrder()
    {
        await using var function = Function();
        await function.ProcessAsync(Changes(new NeptuneChangeBuilder(12).AddVertexProperty("v1", "name", "B")));
        await function.ProcessAsync(Changes(new NeptuneChangeBuilder(9).AddVertexLabel("v1", "person")));
        await function.ProcessAsync(Changes(new NeptuneChangeBuilder(100).AddVertexProperty("v1", "age", "7")));

        var entries = await Table().QueryAsync("v1");

        Assert.Equal(["9:1", "12:1", "100:1"], entries.Select(e => e.NeptuneEventId));
    }

    [Fact]
    public async Task Query_ReadsEveryPage()
    {
        await using var function = Function();
        var changes = new NeptuneChangeBuilder();
        for (int c = 1; c <= 7; c++)
        {
            changes.Commit().AddVertexProperty("v1", "n", c.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await function.ProcessAsync(Changes(changes));

        var entries = await Table(pageSize: 2).QueryAsync("v1");

        Assert.Equal(Enumerable.Range(1, 7).Select(c => (long)c), entries.Select(e => e.CommitNum));
    }

    [Fact]
    public async Task ByDefault_ItemsHoldPropertyNamesButNoValues()
    {
        await using var function = Function();
        await function.ProcessAsync(Fixture.Event("pg-json-records-event.json"));

        var items = await ScanAsync();

        Assert.All(items, i => Assert.False(i.ContainsKey("values")));
        string everything = string.Join("|", items.SelectMany(i => i.Values).Select(Flatten));
        Assert.DoesNotContain("Alice", everything, StringComparison.Ordinal);
        Assert.Empty((await Table().QueryAsync(Alice))[1].NewValues);
    }

    [Fact]
    public async Task WithValuesConfigured_ItemsHoldOldAndNewValues()
    {
        _options.IncludeValues = true;
        await using var function = Function();
        await function.ProcessAsync(Fixture.Event("pg-json-records-event.json"));

        AuditEntry updated = (await Table().QueryAsync(Alice))[1];

        Assert.Equal(["Alice"], updated.OldValues["name"]);
        Assert.Equal(["Alice Smith"], updated.NewValues["name"]);
    }

    [Fact]
    public async Task Ttl_IsTheCommitTimePlusTheRetention()
    {
        _options.Retention = TimeSpan.FromDays(30);
        await using var function = Function();
        await function.ProcessAsync(Fixture.Event("pg-json-records-event.json"));

        AuditEntry added = (await Table().QueryAsync(Alice))[0];

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1718010902 + (30 * 86400)), added.ExpiresAt);
        var ttl = await _dynamoDb.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = _options.TableName });
        Assert.Equal(AuditKeys.ExpiresAt, ttl.TimeToLiveDescription.AttributeName);
    }

    [Fact]
    public async Task RdfEvents_AreAuditedUnderTheirSubjectWithoutTheStatementByDefault()
    {
        await using var function = Function();

        var response = await function.ProcessAsync(Fixture.Event("nquads-records-event.json"));

        Assert.Empty(response.BatchItemFailures);
        var items = await ScanAsync();
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.StartsWith("Triple", i["kind"].S, StringComparison.Ordinal));
        Assert.All(items, i => Assert.False(i.ContainsKey("statement")));
    }

    [Fact]
    public async Task UnreachableTable_FailsTheBatchAtTheFirstRecord()
    {
        var missing = new AuditLogOptions { TableName = "no-such-table" };
        // The system clock: the handler retries with real delays, which a FakeTimeProvider nobody advances never ends.
        await using var function = Function(missing, TimeProvider.System);

        var response = await function.ProcessAsync(Fixture.Event("pg-json-records-event.json"));

        Assert.Equal(Fixture.Event("pg-json-records-event.json").Records[0].Kinesis.SequenceNumber, Assert.Single(response.BatchItemFailures).ItemIdentifier);
    }

    private static string Flatten(AttributeValue value) =>
        value.S ?? value.N ?? string.Join(",", (value.L ?? []).Select(Flatten).Concat((value.M ?? []).SelectMany(e => new[] { e.Key, Flatten(e.Value) })));

    private static KinesisEvent Changes(NeptuneChangeBuilder changes) => new KinesisEventBuilder().AddChanges(changes).Build();
}
