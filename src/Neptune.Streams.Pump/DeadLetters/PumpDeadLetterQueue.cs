using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using Neptune.Streams.Pump.Neptune;
using Neptune.Streams.Pump.Pumping;
using Polly;
using Polly.Retry;

namespace Neptune.Streams.Pump.DeadLetters;

/// <summary>
/// The pump's own dead-letter queue, for element changes it cannot forward (one record with its envelope's header is
/// larger than a Kinesis record: a property over ~1 MiB, or labels that alone fill the header): the whole change goes
/// to S3 as one envelope (<c>neptune-streams/1</c> JSON) and an SQS message names it — pump, stream, element, commit and
/// op numbers, the object — so a user can find it, and the pump moves on.
/// </summary>
public sealed class PumpDeadLetterQueue
{
    /// <summary>The <c>kind</c> of the message for a change too large to forward.</summary>
    public const string OversizedChangeKind = "OversizedChange";

    private const int MaxIdLength = 1024;
    private readonly IAmazonSQS _sqs;
    private readonly IAmazonS3 _s3;
    private readonly string _queueUrl;
    private readonly string _bucket;
    private readonly string _keyPrefix;
    private readonly TimeProvider _timeProvider;
    private readonly ResiliencePipeline _pipeline;

    /// <summary>Sends to the queue at <paramref name="queueUrl"/>, the changes themselves to <paramref name="bucket"/>.</summary>
    /// <param name="sqs">The SQS client.</param>
    /// <param name="s3">The S3 client.</param>
    /// <param name="queueUrl">The queue's URL.</param>
    /// <param name="bucket">The bucket the changes are stored in (a change too large for Kinesis is too large for SQS).</param>
    /// <param name="keyPrefix">The prefix of the objects' keys; <c>pump-dead-letters/</c> by default.</param>
    /// <param name="timeProvider">The clock of the messages' time stamps and of retry delays.</param>
    public PumpDeadLetterQueue(IAmazonSQS sqs, IAmazonS3 s3, string queueUrl, string bucket, string keyPrefix = "pump-dead-letters/", TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentException.ThrowIfNullOrEmpty(queueUrl);
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        _sqs = sqs;
        _s3 = s3;
        _queueUrl = queueUrl;
        _bucket = bucket;
        _keyPrefix = keyPrefix;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = _timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<AmazonServiceException>(ex => (int)ex.StatusCode >= 500 || ex.ErrorCode is "Throttling" or "ThrottlingException" or "SlowDown" or "RequestThrottled")
                    .Handle<HttpRequestException>(),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxRetryAttempts = 5,
            })
            .Build();
    }

    /// <summary>Stores the change in S3, then sends the message naming it; throws when either fails (the pump then stops without moving its position).</summary>
    internal async Task SendOversizedAsync(string pumpId, string streamName, ElementChange change, string reason, byte[] envelope, CancellationToken cancellationToken)
    {
        StreamRecord first = change.Records[0];
        StreamRecord last = change.Records[^1];
        string idHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(change.ElementId)));
        // The same change always gets the same key: a retried or repeated run overwrites, never piles up.
        string key = string.Create(CultureInfo.InvariantCulture, $"{_keyPrefix}{pumpId}/{first.CommitNum}-{first.OpNum}-{idHash[..16]}.json");
        var put = new PutObjectRequest { BucketName = _bucket, Key = key, InputStream = new MemoryStream(envelope), ContentType = "application/json" };
        await _pipeline.ExecuteAsync(static async (s, ct) => await s._s3.PutObjectAsync(s.put, ct).ConfigureAwait(false), (_s3, put), cancellationToken).ConfigureAwait(false);

        var body = new MemoryStream();
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteNumber("version", 1);
            json.WriteString("kind", OversizedChangeKind);
            json.WriteString("reason", reason);
            json.WriteString("pumpId", pumpId);
            json.WriteString("kinesisStreamName", streamName);
            if (change.ElementId.Length <= MaxIdLength)
            {
                json.WriteString("elementId", change.ElementId);
            }

            json.WriteString("elementIdSha256", idHash);
            json.WriteString("partitionKey", PartitionKeys.For(change.ElementId));
            json.WriteString("elementKind", change.IsRdf ? "subject" : change.IsEdge ? "edge" : "vertex");
            json.WriteNumber("commitNum", change.CommitNum);
            json.WriteNumber("firstOpNum", first.OpNum);
            json.WriteNumber("lastOpNum", last.OpNum);
            json.WriteNumber("records", change.Records.Count);
            json.WriteNumber("envelopeBytes", envelope.Length);
            json.WriteString("envelopeS3Bucket", _bucket);
            json.WriteString("envelopeS3Key", key);
            json.WriteString("deadLetteredAt", _timeProvider.GetUtcNow());
            json.WriteEndObject();
        }

        var send = new SendMessageRequest { QueueUrl = _queueUrl, MessageBody = Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length) };
        await _pipeline.ExecuteAsync(static async (s, ct) => await s._sqs.SendMessageAsync(s.send, ct).ConfigureAwait(false), (_sqs, send), cancellationToken).ConfigureAwait(false);
    }
}
