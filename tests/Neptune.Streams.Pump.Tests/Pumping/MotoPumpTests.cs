using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Time.Testing;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.Neptune;
using Neptune.Streams.Pump.Pumping;
using Neptune.Streams.Pump.State;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Pump.Tests.Pumping;

public sealed class MotoPumpTests : IClassFixture<MotoServer>, IDisposable
{
    private readonly AmazonDynamoDBClient _dynamo;
    private readonly KinesisHttpClient _kinesis;

    public MotoPumpTests(MotoServer moto)
    {
        _dynamo = new AmazonDynamoDBClient(MotoServer.Credentials, new AmazonDynamoDBConfig { ServiceURL = moto.Endpoint, AuthenticationRegion = MotoServer.Region });
        _kinesis = KinesisHttpClient.Create(new Uri(moto.Endpoint), MotoServer.Credentials, MotoServer.Region);
    }

    private async Task<string> CreateTableAsync()
    {
        string table = "state-" + Guid.NewGuid().ToString("N")[..8];
        await _dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = table,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)],
        });
        return table;
    }

    [Fact]
    public async Task Pumps_into_moto_Kinesis_and_keeps_its_position_in_DynamoDB()
    {
        string table = await CreateTableAsync();
        await using PumpHarness h = await PumpHarness.StartAsync(_kinesis, new DynamoDbPumpStateStore(_dynamo, table));
        for (int i = 0; i < 50; i++)
        {
            h.Graph.AddVertex($"v{i}", ["person"], [new("name", $"n{i}")]);
        }

        PumpRunSummary first = await h.Pump().RunAsync();
        h.Graph.SetProperty("v7", "name", "seven");
        PumpRunSummary second = await h.Pump().RunAsync();

        Assert.Equal((50L, 1L), (first.CommitsForwarded, second.CommitsForwarded));
        Assert.Equal(51, (await h.ReadAllAsync()).Count);
        GetItemResponse position = await _dynamo.GetItemAsync(table, new Dictionary<string, AttributeValue>
        {
            ["pk"] = new() { S = "pump#" + h.StreamName },
            ["sk"] = new() { S = "position" },
        });
        Assert.Equal(("51", "2"), (position.Item["commitNum"].N, position.Item["opNum"].N));
    }

    [Fact]
    public async Task A_position_write_answered_500_more_often_than_the_SDK_retries_is_retried_and_the_run_goes_on()
    {
        string table = await CreateTableAsync();
        var failing = new Tests.State.FailingTransactionsHttpClientFactory(failures: 8);
        using var dynamo = new AmazonDynamoDBClient(MotoServer.Credentials, new AmazonDynamoDBConfig
        {
            ServiceURL = _dynamo.Config.ServiceURL, AuthenticationRegion = MotoServer.Region, HttpClientFactory = failing,
        });
        await using PumpHarness h = await PumpHarness.StartAsync(_kinesis, new DynamoDbPumpStateStore(dynamo, table));
        for (int i = 0; i < 5; i++)
        {
            h.Graph.AddVertex($"v{i}", ["person"]);
        }

        PumpRunSummary summary = await h.Pump().RunAsync();

        Assert.Equal(8, failing.Failed);
        Assert.Equal(5L, summary.CommitsForwarded);
        GetItemResponse position = await _dynamo.GetItemAsync(table, new Dictionary<string, AttributeValue>
        {
            ["pk"] = new() { S = "pump#" + h.StreamName },
            ["sk"] = new() { S = "position" },
        });
        Assert.Equal("5", position.Item["commitNum"].N);
    }

    [Fact]
    public async Task A_second_pump_does_not_run_while_the_lease_is_held()
    {
        string table = await CreateTableAsync();
        var store = new DynamoDbPumpStateStore(_dynamo, table);
        await using PumpHarness h = await PumpHarness.StartAsync(_kinesis, store);
        h.Graph.AddVertex("a", ["person"]);
        Assert.NotNull(await store.TryAcquireLeaseAsync(h.StreamName, "other-pump", TimeSpan.FromMinutes(5)));

        PumpRunSummary summary = await h.Pump().RunAsync();

        Assert.Equal(PumpStopReason.LeaseHeldElsewhere, summary.StopReason);
        Assert.Empty(await h.ReadAllAsync());
    }

    [Fact]
    public async Task A_crashed_pumps_lease_expires_and_its_late_position_write_is_fenced_off()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        string table = await CreateTableAsync();
        var store = new DynamoDbPumpStateStore(_dynamo, table, time);
        await using PumpHarness h = await PumpHarness.StartAsync(_kinesis, store);
        h.Graph.AddVertex("a", ["person"]);
        PumpLease crashed = (await store.TryAcquireLeaseAsync(h.StreamName, "crashed", TimeSpan.FromMinutes(1)))!;
        time.Advance(TimeSpan.FromMinutes(2));

        PumpRunSummary summary = await h.Pump(time: time).RunAsync();

        Assert.Equal(PumpStopReason.CaughtUp, summary.StopReason);
        Assert.Single(await h.ReadAllAsync());
        Assert.False(await store.SavePositionAsync(crashed, new StreamPosition(99, 1)));
        Assert.Null(await store.RenewLeaseAsync(crashed, TimeSpan.FromMinutes(1)));
        Assert.Equal(new StreamPosition(1, 1), await store.GetPositionAsync(h.StreamName));
    }

    public void Dispose()
    {
        _dynamo.Dispose();
        _kinesis.Dispose();
    }
}
