using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Neptune.Streams.Lambda.DeadLetters;

namespace Neptune.Streams.Pump.Redrive;

/// <summary>
/// Reads the dead-letter queue the consumer's SQS dead-letter sink writes (<see cref="DeadLetterMessage"/> JSON; the
/// data inline as base64, or in S3 at <c>dataS3Bucket</c>/<c>dataS3Key</c>) as <see cref="DeadLetter"/>s for
/// <see cref="DeadLetterRedrive"/>. Each one's delete removes the SQS message, then its S3 object. A message that is
/// not a readable dead letter is logged by its message id and left in the queue. The message is not trusted: only data in
/// <see cref="LargeRecordBucket"/> under <see cref="KeyPrefix"/>, and only records of <see cref="StreamName"/>, are
/// accepted; anything else is rejected (logged, counted in <see cref="Rejected"/>, left in the queue, its object untouched).
/// </summary>
public sealed partial class SqsDeadLetterSource
{
    private readonly IAmazonSQS _sqs;
    private readonly IAmazonS3? _s3;
    private readonly string _queueUrl;
    private readonly ILogger _logger;
    private readonly List<string> _pending = [];
    private readonly Lock _gate = new();
    private TimeSpan _visibilityTimeout = TimeSpan.FromMinutes(15);

    /// <summary>Creates a source for the queue at <paramref name="queueUrl"/>.</summary>
    /// <param name="sqs">The SQS client.</param>
    /// <param name="s3">The S3 client for large records; without it such messages are skipped.</param>
    /// <param name="queueUrl">The dead-letter queue's URL.</param>
    /// <param name="logger">Where skipped messages are reported (by message id, never by content).</param>
    public SqsDeadLetterSource(IAmazonSQS sqs, IAmazonS3? s3, string queueUrl, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        ArgumentException.ThrowIfNullOrEmpty(queueUrl);
        _sqs = sqs;
        _s3 = s3;
        _queueUrl = queueUrl;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>How long received messages stay hidden from other readers while they are redriven.</summary>
    /// <value>15 minutes; 1 second to 12 hours (SQS's limit).</value>
    public TimeSpan VisibilityTimeout
    {
        get => _visibilityTimeout;
        set => _visibilityTimeout = value >= TimeSpan.FromSeconds(1) && value <= TimeSpan.FromHours(12)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "SQS takes 1 second to 12 hours.");
    }

    /// <summary>The only bucket large records are read from (the consumer sink's <c>LargeRecordBucket</c>); null rejects every message whose data is in S3.</summary>
    /// <value>null.</value>
    public string? LargeRecordBucket { get; set; }

    /// <summary>The prefix every accepted S3 key starts with (the consumer sink's <c>KeyPrefix</c>).</summary>
    /// <value><c>dead-letters/</c>.</value>
    public string KeyPrefix { get; set; } = "dead-letters/";

    /// <summary>
    /// The Kinesis stream whose records are accepted: a message's <c>streamArn</c> must name it
    /// (<c>arn:aws:kinesis:…:stream/&lt;name&gt;</c>); null accepts any stream.
    /// </summary>
    /// <value>null; the redrive command sets its <c>--stream</c>.</value>
    public string? StreamName { get; set; }

    /// <summary>Messages received that are not readable dead letters, or were rejected (left in the queue).</summary>
    public int Skipped { get; private set; }

    /// <summary>Messages rejected because they point outside the configured bucket, prefix or stream (left in the queue; also counted in <see cref="Skipped"/>).</summary>
    public int Rejected { get; private set; }

    /// <summary>Receives every message of the queue (until a long poll returns none) and reads each as a dead letter.</summary>
    /// <param name="cancellationToken">Stops receiving.</param>
    /// <returns>The dead letters, in the order received (the redrive sorts them).</returns>
    public async Task<IReadOnlyList<DeadLetter>> ReceiveAllAsync(CancellationToken cancellationToken = default)
    {
        var deadLetters = new List<DeadLetter>();
        while (true)
        {
            var request = new ReceiveMessageRequest
            {
                QueueUrl = _queueUrl,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = 1,
                VisibilityTimeout = (int)_visibilityTimeout.TotalSeconds,
            };
            ReceiveMessageResponse received = await _sqs.ReceiveMessageAsync(request, cancellationToken).ConfigureAwait(false);
            if (received.Messages is not { Count: > 0 } messages)
            {
                return deadLetters;
            }

            foreach (Message message in messages)
            {
                lock (_gate)
                {
                    _pending.Add(message.ReceiptHandle);
                }

                if (await ReadAsync(message, cancellationToken).ConfigureAwait(false) is { } deadLetter)
                {
                    deadLetters.Add(deadLetter);
                }
                else
                {
                    Skipped++;
                }
            }
        }
    }

    /// <summary>
    /// Makes every received message that was not deleted visible again at once (after a failed redrive, so a rerun
    /// need not wait for <see cref="VisibilityTimeout"/>).
    /// </summary>
    /// <param name="cancellationToken">Stops releasing; the rest become visible after the timeout.</param>
    public async Task ReleaseAsync(CancellationToken cancellationToken = default)
    {
        string[] pending;
        lock (_gate)
        {
            pending = [.. _pending];
            _pending.Clear();
        }

        foreach (string receiptHandle in pending)
        {
            try
            {
                await _sqs.ChangeMessageVisibilityAsync(_queueUrl, receiptHandle, 0, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonServiceException ex)
            {
                LogReleaseFailed(ex);
            }
        }
    }

    private async Task<DeadLetter?> ReadAsync(Message message, CancellationToken cancellationToken)
    {
        DeadLetterMessage letter;
        try
        {
            letter = DeadLetterMessage.Parse(message.Body);
        }
        catch (JsonException ex)
        {
            LogSkipped(message.MessageId, $"not a dead-letter message ({ex.Message})");
            return null;
        }

        if (string.IsNullOrEmpty(letter.PartitionKey) || string.IsNullOrEmpty(letter.ShardId)
            || !BigInteger.TryParse(letter.SequenceNumber, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            LogSkipped(message.MessageId, "it lacks a partition key, a shard id or a numeric sequence number");
            return null;
        }

        if (StreamName is { } stream && !NamesStream(letter.StreamArn, stream))
        {
            Reject(message.MessageId, $"its stream is not {stream}");
            return null;
        }

        if (letter.PartitionKey.Length > 256)
        {
            Reject(message.MessageId, "its partition key is longer than Kinesis allows");
            return null;
        }

        string? base64 = letter.Data;
        if (base64 is not null && (letter.DataS3Bucket is not null || letter.DataS3Key is not null))
        {
            Reject(message.MessageId, "it has both inline data and an S3 location");
            return null;
        }

        if (base64 is null)
        {
            if (letter.DataS3Bucket is not { Length: > 0 } bucket || letter.DataS3Key is not { Length: > 0 } key)
            {
                LogSkipped(message.MessageId, "it has neither data nor an S3 location");
                return null;
            }

            if (!string.Equals(bucket, LargeRecordBucket, StringComparison.Ordinal) || !key.StartsWith(KeyPrefix, StringComparison.Ordinal) || key.Contains("..", StringComparison.Ordinal))
            {
                Reject(message.MessageId, "its S3 location is outside the configured bucket and prefix");
                return null;
            }

            if (_s3 is null)
            {
                LogSkipped(message.MessageId, "its data is in S3 and no S3 client was given");
                return null;
            }

            try
            {
                using GetObjectResponse response = await _s3.GetObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
                using var reader = new StreamReader(response.ResponseStream);
                base64 = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonS3Exception ex)
            {
                LogSkipped(message.MessageId, $"its data could not be read from S3 ({ex.ErrorCode})");
                return null;
            }
        }

        byte[] data;
        try
        {
            data = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            LogSkipped(message.MessageId, "its data is not base64");
            return null;
        }

        if (data.Length > 1024 * 1024)
        {
            Reject(message.MessageId, "its data is larger than a Kinesis record");
            return null;
        }

        string receiptHandle = message.ReceiptHandle;
        return new DeadLetter(
            letter.PartitionKey, data, letter.ShardId, letter.SequenceNumber, letter.SubSequenceNumber,
            ct => DeleteAsync(receiptHandle, letter.DataS3Bucket, letter.DataS3Key, ct));
    }

    private static bool NamesStream(string? streamArn, string stream) =>
        streamArn is not null && streamArn.StartsWith("arn:", StringComparison.Ordinal) && streamArn.Contains(":kinesis:", StringComparison.Ordinal)
        && streamArn.EndsWith(":stream/" + stream, StringComparison.Ordinal);

    private void Reject(string messageId, string reason)
    {
        Rejected++;
        LogRejected(messageId, reason);
    }

    private async Task DeleteAsync(string receiptHandle, string? bucket, string? key, CancellationToken cancellationToken)
    {
        // The message first: an object left behind is harmless, a message pointing at a deleted object is not.
        await _sqs.DeleteMessageAsync(_queueUrl, receiptHandle, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _pending.Remove(receiptHandle);
        }

        if (_s3 is not null && bucket is { Length: > 0 } && key is { Length: > 0 })
        {
            await _s3.DeleteObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Dead-letter message {MessageId} skipped and left in the queue: {Reason}")]
    private partial void LogSkipped(string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Error, EventName = "DeadLetterRejected", Message = "Dead-letter message {MessageId} rejected and left in the queue: {Reason}")]
    private partial void LogRejected(string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not make a received dead-letter message visible again; it will be after the visibility timeout")]
    private partial void LogReleaseFailed(Exception exception);
}
