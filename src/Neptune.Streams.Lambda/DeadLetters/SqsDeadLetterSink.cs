using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using Neptune.Streams.Lambda.Resilience;

namespace Neptune.Streams.Lambda.DeadLetters;

/// <summary>
/// Sends poison records to an SQS queue as <see cref="DeadLetterMessage"/> JSON; a record too large for one message
/// goes to S3 and the message points to it. Any failure throws, so the batch reports the record instead of dropping it.
/// </summary>
internal sealed class SqsDeadLetterSink(
    IAmazonSQS sqs, IAmazonS3? s3, SqsDeadLetterOptions options, AwsCallPipeline pipeline, TimeProvider timeProvider) : IDeadLetterSink
{
    public async ValueTask SendAsync(PoisonRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        DeadLetterMessage message = Message(record, data: record.Data, bucket: null, key: null);

        string body = message.ToJson();
        try
        {
            if (Encoding.UTF8.GetByteCount(body) > options.MaxMessageBytes)
            {
                body = await StoreLargeAsync(record, cancellationToken).ConfigureAwait(false);
            }

            var request = new SendMessageRequest { QueueUrl = options.QueueUrl, MessageBody = body };
            if (options.QueueUrl.EndsWith(".fifo", StringComparison.Ordinal))
            {
                // A FIFO queue keeps a shard's poison records in order and drops a redelivered duplicate.
                request.MessageGroupId = record.Position.ShardId;
                request.MessageDeduplicationId = DeduplicationId(record);
            }

            await pipeline.ExecuteAsync(static (s, ct) => s.sqs.SendMessageAsync(s.request, ct), (sqs, request), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException)
        {
            throw new DeadLetterException($"The {record} could not be dead-lettered: {Describe(ex)}", ex);
        }
    }

    private DeadLetterMessage Message(PoisonRecord record, string? data, string? bucket, string? key) => new()
    {
        Reason = record.Reason,
        FunctionName = record.FunctionName,
        StreamArn = record.EventSourceArn,
        ShardId = record.Position.ShardId,
        SequenceNumber = record.Position.SequenceNumber,
        SubSequenceNumber = record.Position.SubSequenceNumber,
        PartitionKey = record.Position.PartitionKey,
        ApproximateArrivalTimestamp = record.ApproximateArrivalTimestamp,
        DeadLetteredAt = timeProvider.GetUtcNow(),
        Data = data,
        DataS3Bucket = bucket,
        DataS3Key = key,
        DataLength = record.Data.Length,
    };

    private async Task<string> StoreLargeAsync(PoisonRecord record, CancellationToken cancellationToken)
    {
        if (s3 is null || options.LargeRecordBucket is not { } bucket)
        {
            throw new DeadLetterException(
                $"The {record} is too large for one SQS message ({record.Data.Length} base64 characters) and no bucket for large records is configured.");
        }

        string key = string.Create(
            CultureInfo.InvariantCulture,
            $"{options.KeyPrefix}{record.FunctionName ?? "unknown-function"}/{record.Position.ShardId}/{record.Position.SequenceNumber}-{record.Position.SubSequenceNumber}.b64");
        var put = new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = record.Data, ContentType = "text/plain" };
        await pipeline.ExecuteAsync(static (s, ct) => s.s3.PutObjectAsync(s.put, ct), (s3, put), cancellationToken).ConfigureAwait(false);

        return Message(record, data: null, bucket, key).ToJson();
    }

    private static string DeduplicationId(PoisonRecord record)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{record.Position.ShardId}/{record.Position.SequenceNumber}#{record.Position.SubSequenceNumber}"));
        return Convert.ToHexString(hash);
    }

    private static string Describe(Exception ex) => ex is AmazonServiceException service
        ? $"{service.ErrorCode} ({(int)service.StatusCode})"
        : ex.Message;
}
