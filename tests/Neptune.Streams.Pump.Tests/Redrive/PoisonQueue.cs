using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.DeadLetters;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;
using Neptune.Streams.Lambda.Hosting;
using Neptune.Streams.Lambda.Kinesis;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Pump.Tests.Redrive;

/// <summary>
/// A dead-letter queue on moto filled by the consumer's real SQS dead-letter sink: a function with
/// <c>UseSqsDeadLetters</c> is given records that are not Neptune changes, one of them too large for SQS (so in S3).
/// </summary>
internal sealed class PoisonQueue : IDisposable
{
    public const string Shard = "shardId-000000000000";

    /// <summary>The poison records (partition key, sequence number, data), in their original order.</summary>
    /// <remarks>As text "1001" sorts before "102": only a numeric order keeps key a's records in order.</remarks>
    public static readonly (string Key, string Sequence, string Data)[] Records =
    [
        ("a", "100", "poison a1"),
        ("b", "101", "poison b1"),
        ("a", "102", "poison a2 " + new string('x', 300_000)),
        ("b", "1000", "poison b2"),
        ("a", "1001", "poison a3"),
    ];

    private PoisonQueue(IAmazonSQS sqs, IAmazonS3 s3, string queueUrl, string bucket)
    {
        Sqs = sqs;
        S3 = s3;
        QueueUrl = queueUrl;
        Bucket = bucket;
    }

    public IAmazonSQS Sqs { get; }

    public IAmazonS3 S3 { get; }

    public string QueueUrl { get; }

    public string Bucket { get; }

    /// <summary>A queue (and bucket) holding the poison records of <paramref name="stream"/>, as the consumer's sink wrote them.</summary>
    public static async Task<PoisonQueue> CreateAsync(MotoServer moto, string stream = "neptune-changes")
    {
        var sqs = new AmazonSQSClient(MotoServer.Credentials, new AmazonSQSConfig { ServiceURL = moto.Endpoint, AuthenticationRegion = MotoServer.Region });
        var s3 = new AmazonS3Client(MotoServer.Credentials, new AmazonS3Config { ServiceURL = moto.Endpoint, AuthenticationRegion = MotoServer.Region, ForcePathStyle = true });
        string name = $"poison-{Guid.NewGuid():N}";
        string queueUrl = (await sqs.CreateQueueAsync(name)).QueueUrl;
        await s3.PutBucketAsync(name);
        var queue = new PoisonQueue(sqs, s3, queueUrl, name);

        await using var function = new DeadLetteringFunction(sqs, s3, queueUrl, name);
        KinesisEvent batch = await NeptuneStreamFunction.ReadEventAsync(new MemoryStream(Encoding.UTF8.GetBytes(EventJson(stream))));
        StreamsEventResponse response = await function.ProcessAsync(batch, InvocationContext.Local("orders-consumer"));
        Assert.Empty(response.BatchItemFailures);
        return queue;
    }

    /// <summary>Every message now in the queue (each received once and made visible again), and the bucket's keys.</summary>
    public async Task<(int Messages, int Objects)> CountAsync()
    {
        var handles = new List<string>();
        while (true)
        {
            var received = await Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = QueueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 1, VisibilityTimeout = 30 });
            if (received.Messages is not { Count: > 0 } messages)
            {
                break;
            }

            handles.AddRange(messages.Select(m => m.ReceiptHandle));
        }

        foreach (string handle in handles)
        {
            await Sqs.ChangeMessageVisibilityAsync(QueueUrl, handle, 0);
        }

        var objects = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket });
        return (handles.Count, objects.S3Objects?.Count ?? 0);
    }

    /// <summary>
    /// Sends a copy of every message now in the queue, as the consumer does when it dead-letters a record on every
    /// redelivery or SQS delivers a message twice; returns the bodies.
    /// </summary>
    public async Task<List<string>> DuplicateAllAsync()
    {
        var bodies = new List<string>();
        var handles = new List<string>();
        while ((await Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = QueueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 1, VisibilityTimeout = 30 })).Messages is { Count: > 0 } messages)
        {
            bodies.AddRange(messages.Select(m => m.Body));
            handles.AddRange(messages.Select(m => m.ReceiptHandle));
        }

        foreach (string handle in handles)
        {
            await Sqs.ChangeMessageVisibilityAsync(QueueUrl, handle, 0);
        }

        foreach (string body in bodies)
        {
            await Sqs.SendMessageAsync(QueueUrl, body);
        }

        return bodies;
    }

    private static string EventJson(string stream)
    {
        var records = Records.Select(r => $$"""
            {"kinesis":{"kinesisSchemaVersion":"1.0","partitionKey":"{{r.Key}}","sequenceNumber":"{{r.Sequence}}",
             "data":"{{Convert.ToBase64String(Encoding.UTF8.GetBytes(r.Data))}}","approximateArrivalTimestamp":1718012000.123},
             "eventSource":"aws:kinesis","eventVersion":"1.0","eventID":"{{Shard}}:{{r.Sequence}}","eventName":"aws:kinesis:record",
             "invokeIdentityArn":"arn:aws:iam::123456789012:role/consumer","awsRegion":"us-east-1",
             "eventSourceARN":"arn:aws:kinesis:us-east-1:123456789012:stream/{{stream}}"}
            """);
        return $$"""{"Records":[{{string.Join(',', records)}}]}""";
    }

    public void Dispose()
    {
        Sqs.Dispose();
        S3.Dispose();
    }

    private sealed class DeadLetteringFunction(IAmazonSQS sqs, IAmazonS3 s3, string queueUrl, string bucket) : NeptuneStreamFunction
    {
        protected override void Configure(NeptuneStreamBuilder builder)
        {
            builder.Services.AddSingleton(sqs);
            builder.Services.AddSingleton(s3);
            builder.UseSqsDeadLetters(queueUrl, o => o.LargeRecordBucket = bucket);
            builder.OnAny<IgnoringHandler>();
        }
    }

    private sealed class IgnoringHandler : IGraphEventHandler
    {
        public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
