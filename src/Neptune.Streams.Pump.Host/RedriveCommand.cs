using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.S3;
using Amazon.SQS;
using Microsoft.Extensions.Logging;
using Neptune.Streams.Lambda.Hosting;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.Redrive;

namespace Neptune.Streams.Pump.Host;

/// <summary>
/// <c>neptune-stream-pump redrive --queue-url URL --stream NAME [--bucket NAME] [--key-prefix P] [--table NAME] [--endpoint URL]</c>:
/// moves every dead-lettered record of the queue (and its S3 object) back onto the Kinesis stream in original order per
/// partition key, deleting each only after Kinesis accepted it, each record once (with <c>--table</c>, also across
/// runs). Only messages of records of <c>--stream</c>, with data inline or in <c>--bucket</c> under <c>--key-prefix</c>
/// (<c>dead-letters/</c>), are accepted; others are rejected and left in the queue. <c>--endpoint</c> points SQS, S3 and Kinesis at one other endpoint (moto_server);
/// the region is <c>AWS_REGION</c> (<c>us-east-1</c> by default), credentials the default chain.
/// </summary>
internal static class RedriveCommand
{
    private const string Usage = "Usage: neptune-stream-pump redrive --queue-url URL --stream NAME [--bucket NAME] [--key-prefix PREFIX] [--table NAME] [--endpoint URL]";

    /// <returns>0 when every readable dead letter went back; 1 when Kinesis or AWS failed (the rest stay queued); 2 on bad arguments.</returns>
    public static async Task<int> RunAsync(string[] args)
    {
        string? queueUrl = null, stream = null, endpoint = null, bucket = null, keyPrefix = null, table = null;
        for (int i = 0; i < args.Length; i++)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--queue-url" when value is not null:
                    queueUrl = value;
                    i++;
                    break;
                case "--stream" when value is not null:
                    stream = value;
                    i++;
                    break;
                case "--bucket" when value is not null:
                    bucket = value;
                    i++;
                    break;
                case "--key-prefix" when value is not null:
                    keyPrefix = value;
                    i++;
                    break;
                case "--table" when value is not null:
                    table = value;
                    i++;
                    break;
                case "--endpoint" when value is not null:
                    endpoint = value;
                    i++;
                    break;
                default:
                    await Console.Error.WriteLineAsync($"Unexpected argument '{args[i]}'. {Usage}");
                    return 2;
            }
        }

        if (queueUrl is null || stream is null)
        {
            await Console.Error.WriteLineAsync($"--queue-url and --stream are required. {Usage}");
            return 2;
        }

        if (endpoint is not null && !Uri.TryCreate(endpoint, UriKind.Absolute, out _))
        {
            await Console.Error.WriteLineAsync($"--endpoint is not an absolute URL: '{endpoint}'.");
            return 2;
        }

        string region = Environment.GetEnvironmentVariable("AWS_REGION") is { Length: > 0 } r ? r : "us-east-1";
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(JsonConsoleLoggerProvider.ForStandardError()));
        ILogger logger = loggerFactory.CreateLogger("Neptune.Streams.Pump.Redrive");
        AWSCredentials credentials;
        try
        {
            credentials = DefaultAWSCredentialsIdentityResolver.GetCredentials();
        }
        catch (AmazonClientException ex)
        {
            await Console.Error.WriteLineAsync($"No AWS credentials: {ex.Message}");
            return 2;
        }

        using var sqs = new AmazonSQSClient(credentials, Configure(new AmazonSQSConfig(), endpoint, region));
        var s3Config = Configure(new AmazonS3Config(), endpoint, region);
        s3Config.ForcePathStyle = endpoint is not null;
        using var s3 = new AmazonS3Client(credentials, s3Config);
        using KinesisHttpClient kinesis = KinesisHttpClient.Create(
            new Uri(endpoint ?? $"https://kinesis.{region}.amazonaws.com/"), credentials, region);

        using var dynamo = table is null ? null : new AmazonDynamoDBClient(credentials, Configure(new AmazonDynamoDBConfig(), endpoint, region));
        IRedriveLedger? ledger = dynamo is null ? null : new DynamoDbRedriveLedger(dynamo, table!);
        var source = new SqsDeadLetterSource(sqs, s3, queueUrl, logger) { StreamName = stream, LargeRecordBucket = bucket };
        if (keyPrefix is not null)
        {
            source.KeyPrefix = keyPrefix;
        }

        try
        {
            var deadLetters = await source.ReceiveAllAsync();
            int redriven = await DeadLetterRedrive.RedriveAsync(deadLetters, kinesis, stream, ledger: ledger);
            await Console.Out.WriteLineAsync(
                $"redriven {redriven} records onto {stream}; {deadLetters.Count - redriven} duplicates deleted; {source.Skipped} messages skipped (left in the queue), {source.Rejected} of them rejected");
            return 0;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            // Kinesis refused (after the writer's retries), or SQS/S3 failed: nothing unaccepted was deleted.
            await Console.Error.WriteLineAsync(
                $"The redrive stopped: {ex.Message}. Every record Kinesis did not accept is still in the queue.");
            return 1;
        }
        finally
        {
            await source.ReleaseAsync();
        }
    }

    private static TConfig Configure<TConfig>(TConfig config, string? endpoint, string region)
        where TConfig : ClientConfig
    {
        config.AuthenticationRegion = region;
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region);
        }

        return config;
    }
}
