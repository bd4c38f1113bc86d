using Amazon.S3.Model;
using Neptune.Streams.Lambda.DeadLetters;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.Redrive;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Pump.Tests.Redrive;

/// <summary>Issue 16 item 5: redrive does not trust the message; only the configured bucket, prefix and stream are accepted, on moto.</summary>
public sealed class RedriveTrustTests(MotoServer moto) : IClassFixture<MotoServer>
{
    private KinesisHttpClient Kinesis() => KinesisHttpClient.Create(new Uri(moto.Endpoint), MotoServer.Credentials, MotoServer.Region);

    // DeadLetterMessage is immutable: a crafted message is written whole.
    private static DeadLetterMessage Crafted(string? stream, string? bucket = null, string? key = null) => new()
    {
        Reason = "crafted",
        StreamArn = stream is null ? null : $"arn:aws:kinesis:us-east-1:123456789012:stream/{stream}",
        ShardId = "shardId-000000000000",
        SequenceNumber = "999",
        PartitionKey = "victim",
        Data = key is null ? Convert.ToBase64String("{\"crafted\":true}"u8.ToArray()) : null,
        DataS3Bucket = bucket,
        DataS3Key = key,
    };

    private static async Task<(int Redriven, SqsDeadLetterSource Source, ListLogger Logger)> RedriveAsync(PoisonQueue queue, string stream, KinesisHttpClient kinesis)
    {
        var logger = new ListLogger();
        var source = new SqsDeadLetterSource(queue.Sqs, queue.S3, queue.QueueUrl, logger) { LargeRecordBucket = queue.Bucket, StreamName = stream };
        int redriven = await DeadLetterRedrive.RedriveAsync(await source.ReceiveAllAsync(), kinesis, stream);
        await source.ReleaseAsync();
        return (redriven, source, logger);
    }

    [Fact]
    public async Task A_message_pointing_at_another_bucket_is_rejected_kept_and_reported_and_the_object_is_neither_read_nor_deleted()
    {
        using KinesisHttpClient kinesis = Kinesis();
        string stream = $"trust-{Guid.NewGuid():N}";
        await kinesis.CreateStreamAsync(stream, 1);
        using PoisonQueue queue = await PoisonQueue.CreateAsync(moto, stream);
        string secrets = "secrets-" + Guid.NewGuid().ToString("N")[..8];
        await queue.S3.PutBucketAsync(secrets);
        await queue.S3.PutObjectAsync(new PutObjectRequest { BucketName = secrets, Key = "dead-letters/key.b64", ContentBody = Convert.ToBase64String("secret"u8.ToArray()) });
        DeadLetterMessage crafted = Crafted(stream, secrets, "dead-letters/key.b64");
        await queue.Sqs.SendMessageAsync(queue.QueueUrl, crafted.ToJson());

        var (redriven, source, logger) = await RedriveAsync(queue, stream, kinesis);

        Assert.Equal((5, 1), (redriven, source.Rejected));
        Assert.Equal((1, 0), await queue.CountAsync());
        Assert.NotNull(await queue.S3.GetObjectMetadataAsync(secrets, "dead-letters/key.b64"));
        Assert.Contains(logger.Entries, e => e.EventName == "DeadLetterRejected" && e.Message.Contains("bucket", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_key_outside_the_prefix_of_the_configured_bucket_is_rejected()
    {
        using KinesisHttpClient kinesis = Kinesis();
        string stream = $"trust-{Guid.NewGuid():N}";
        await kinesis.CreateStreamAsync(stream, 1);
        using PoisonQueue queue = await PoisonQueue.CreateAsync(moto, stream);
        await queue.S3.PutObjectAsync(new PutObjectRequest { BucketName = queue.Bucket, Key = "config/settings.b64", ContentBody = Convert.ToBase64String("config"u8.ToArray()) });
        DeadLetterMessage crafted = Crafted(stream, queue.Bucket, "config/settings.b64");
        await queue.Sqs.SendMessageAsync(queue.QueueUrl, crafted.ToJson());

        var (redriven, source, _) = await RedriveAsync(queue, stream, kinesis);

        Assert.Equal((5, 1), (redriven, source.Rejected));
        Assert.NotNull(await queue.S3.GetObjectMetadataAsync(queue.Bucket, "config/settings.b64"));
    }

    [Fact]
    public async Task A_message_of_another_stream_is_rejected_and_not_put_on_this_one()
    {
        using KinesisHttpClient kinesis = Kinesis();
        string stream = $"trust-{Guid.NewGuid():N}";
        await kinesis.CreateStreamAsync(stream, 1);
        using PoisonQueue queue = await PoisonQueue.CreateAsync(moto, stream);
        await queue.Sqs.SendMessageAsync(queue.QueueUrl, Crafted("payments").ToJson());
        DeadLetterMessage noStream = Crafted(stream: null);
        await queue.Sqs.SendMessageAsync(queue.QueueUrl, noStream.ToJson());

        var (redriven, source, _) = await RedriveAsync(queue, stream, kinesis);

        Assert.Equal((5, 2), (redriven, source.Rejected));
        Assert.Equal((2, 0), await queue.CountAsync());
    }

    [Fact]
    public async Task Without_a_configured_bucket_no_message_with_data_in_S3_is_read()
    {
        using KinesisHttpClient kinesis = Kinesis();
        string stream = $"trust-{Guid.NewGuid():N}";
        await kinesis.CreateStreamAsync(stream, 1);
        using PoisonQueue queue = await PoisonQueue.CreateAsync(moto, stream);

        var source = new SqsDeadLetterSource(queue.Sqs, queue.S3, queue.QueueUrl) { StreamName = stream };
        int redriven = await DeadLetterRedrive.RedriveAsync(await source.ReceiveAllAsync(), kinesis, stream);
        await source.ReleaseAsync();

        Assert.Equal((4, 1), (redriven, source.Rejected));
        Assert.Equal((1, 1), await queue.CountAsync());
    }
}
