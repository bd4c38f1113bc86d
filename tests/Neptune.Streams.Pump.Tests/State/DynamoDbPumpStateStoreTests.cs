using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Neptune.Streams.Pump.State;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Pump.Tests.State;

public sealed class DynamoDbPumpStateStoreTests : PumpStateStoreContract, IClassFixture<MotoServer>, IDisposable
{
    private readonly AmazonDynamoDBClient _dynamo;

    public DynamoDbPumpStateStoreTests(MotoServer moto)
    {
        _dynamo = new AmazonDynamoDBClient(MotoServer.Credentials, new AmazonDynamoDBConfig { ServiceURL = moto.Endpoint, AuthenticationRegion = MotoServer.Region });
    }

    protected override async Task<IPumpStateStore> CreateStoreAsync()
    {
        string table = "state-" + Guid.NewGuid().ToString("N")[..8];
        await _dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = table,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)],
        });
        return new DynamoDbPumpStateStore(_dynamo, table, Time);
    }

    public void Dispose() => _dynamo.Dispose();
}
