using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.S3;
using Amazon.SQS;
using Microsoft.Extensions.Logging;
using Neptune.Streams.Pump.DeadLetters;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.Neptune;
using Neptune.Streams.Pump.Pumping;
using Neptune.Streams.Pump.State;

namespace Neptune.Streams.Pump.Hosting;

/// <summary>
/// A pump built from <see cref="PumpSettings"/> with its clients, for a Lambda handler (<c>RunAsync(deadline)</c>) or a
/// long-running process (<c>RunAsync(cancellationToken: ctrlC)</c>). Dispose it to close the clients.
/// </summary>
public sealed class PumpHost : IDisposable
{
    private readonly HttpClient _neptune;
    private readonly KinesisHttpClient _kinesis;
    private readonly AmazonDynamoDBClient? _dynamo;
    private readonly AmazonSQSClient? _sqs;
    private readonly AmazonS3Client? _s3;

    private PumpHost(StreamPump pump, HttpClient neptune, KinesisHttpClient kinesis, AmazonDynamoDBClient? dynamo, AmazonSQSClient? sqs, AmazonS3Client? s3)
    {
        Pump = pump;
        _neptune = neptune;
        _kinesis = kinesis;
        _dynamo = dynamo;
        _sqs = sqs;
        _s3 = s3;
    }

    /// <summary>The pump.</summary>
    public StreamPump Pump { get; }

    /// <summary>Builds the pump: the default AWS credential chain, SigV4 for Neptune when IAM auth is on, Kinesis over HTTP, DynamoDB state (in memory without a table).</summary>
    /// <param name="settings">What to connect to.</param>
    /// <param name="logger">Where the pump logs.</param>
    /// <param name="credentials">Credentials to use instead of the default chain.</param>
    public static PumpHost Create(PumpSettings settings, ILogger? logger = null, AWSCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        credentials ??= DefaultAWSCredentialsIdentityResolver.GetCredentials();
        HttpClient neptune = NeptuneHttp.Create(settings.NeptuneIamAuth ? credentials : null, settings.Region, "neptune-db", TimeSpan.FromSeconds(60));
        Uri kinesisEndpoint = settings.KinesisEndpoint ?? new Uri($"https://kinesis.{settings.Region}.amazonaws.com/");
        KinesisHttpClient kinesis = KinesisHttpClient.Create(kinesisEndpoint, credentials, settings.Region);
        AmazonDynamoDBClient? dynamo = null;
        IPumpStateStore state;
        if (settings.StateTableName is { Length: > 0 } table)
        {
            var config = new AmazonDynamoDBConfig { AuthenticationRegion = settings.Region };
            if (settings.DynamoDbEndpoint is { } endpoint)
            {
                config.ServiceURL = endpoint.ToString();
            }
            else
            {
                config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(settings.Region);
            }

            dynamo = new AmazonDynamoDBClient(credentials, config);
            state = new DynamoDbPumpStateStore(dynamo, table);
        }
        else
        {
            state = new InMemoryPumpStateStore();
        }

        AmazonSQSClient? sqs = null;
        AmazonS3Client? s3 = null;
        PumpDeadLetterQueue? deadLetters = null;
        if (settings.DeadLetterQueueUrl is { } queueUrl && settings.DeadLetterBucket is { } bucket)
        {
            Amazon.RegionEndpoint region = Amazon.RegionEndpoint.GetBySystemName(settings.Region);
            sqs = new AmazonSQSClient(credentials, region);
            s3 = new AmazonS3Client(credentials, region);
            deadLetters = new PumpDeadLetterQueue(sqs, s3, queueUrl, bucket);
        }

        return new PumpHost(new StreamPump(settings.Pump, neptune, kinesis, state, logger: logger, deadLetters: deadLetters), neptune, kinesis, dynamo, sqs, s3);
    }

    /// <summary>Closes the clients.</summary>
    public void Dispose()
    {
        _neptune.Dispose();
        _kinesis.Dispose();
        _dynamo?.Dispose();
        _sqs?.Dispose();
        _s3?.Dispose();
    }
}
