using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Amazon.SQS;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Lambda.IntegrationTests.Support;

/// <summary>One moto_server for the whole test run, with clients and fresh tables, queues and buckets on demand.</summary>
public sealed class AwsFixture : IDisposable
{
    private int _names;

    public AwsFixture()
    {
        Moto = new MotoServer();
    }

    public MotoServer Moto { get; }

    internal IAmazonDynamoDB DynamoDb(Amazon.Runtime.HttpClientFactory? http = null, int? sdkRetries = null)
    {
        var config = new AmazonDynamoDBConfig { ServiceURL = Moto.Endpoint, AuthenticationRegion = MotoServer.Region, HttpClientFactory = http };
        if (sdkRetries is { } retries)
        {
            config.MaxErrorRetry = retries;
        }

        return new AmazonDynamoDBClient(MotoServer.Credentials, config);
    }

    internal IAmazonSQS Sqs() => new AmazonSQSClient(
        MotoServer.Credentials, new AmazonSQSConfig { ServiceURL = Moto.Endpoint, AuthenticationRegion = MotoServer.Region });

    internal IAmazonS3 S3() => new AmazonS3Client(
        MotoServer.Credentials, new AmazonS3Config { ServiceURL = Moto.Endpoint, AuthenticationRegion = MotoServer.Region, ForcePathStyle = true });

    /// <summary>A unique name per call, so tests sharing the server never see each other's data.</summary>
    public string UniqueName(string prefix) => $"{prefix}-{Interlocked.Increment(ref _names)}-{Guid.NewGuid().ToString("N")[..12]}";

    /// <summary>Creates the one table of the library's schema: string keys pk/sk, TTL on ttl.</summary>
    public async Task<string> CreateTableAsync()
    {
        string name = UniqueName("neptune-streams");
        using IAmazonDynamoDB client = DynamoDb();
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition("pk", ScalarAttributeType.S),
                new AttributeDefinition("sk", ScalarAttributeType.S),
            ],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH), new KeySchemaElement("sk", KeyType.RANGE)],
        });
        await client.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
        {
            TableName = name,
            TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = "ttl", Enabled = true },
        });
        return name;
    }

    public void Dispose() => Moto.Dispose();
}
