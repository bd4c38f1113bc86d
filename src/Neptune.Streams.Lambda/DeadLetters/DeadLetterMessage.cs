using System.Text.Json;
using System.Text.Json.Serialization;

namespace Neptune.Streams.Lambda.DeadLetters;

/// <summary>
/// The body of a dead-letter message: a poison record with everything needed to replay it. The record's data is
/// inline (<see cref="Data"/>), or, when it would not fit in one SQS message, in S3 (<see cref="DataS3Bucket"/>,
/// <see cref="DataS3Key"/>; the object holds the same base64 text).
/// </summary>
public sealed class DeadLetterMessage
{
    /// <summary>The message format's version.</summary>
    [JsonPropertyName("version")]
    public int Version { get; init; } = 1;

    /// <summary>Why the record is poison; names no property value.</summary>
    [JsonPropertyName("reason")]
    public string Reason { get; init; } = string.Empty;

    /// <summary>The function that could not handle the record.</summary>
    [JsonPropertyName("functionName")]
    public string? FunctionName { get; init; }

    /// <summary>The ARN of the Kinesis stream.</summary>
    [JsonPropertyName("streamArn")]
    public string? StreamArn { get; init; }

    /// <summary>The shard id.</summary>
    [JsonPropertyName("shardId")]
    public string ShardId { get; init; } = string.Empty;

    /// <summary>The Kinesis sequence number.</summary>
    [JsonPropertyName("sequenceNumber")]
    public string SequenceNumber { get; init; } = string.Empty;

    /// <summary>The KPL sub-record that failed, or -1 when the record is not aggregated (or failed as a whole).</summary>
    [JsonPropertyName("subSequenceNumber")]
    public int SubSequenceNumber { get; init; } = -1;

    /// <summary>The partition key of the (sub-)record.</summary>
    [JsonPropertyName("partitionKey")]
    public string PartitionKey { get; init; } = string.Empty;

    /// <summary>When Kinesis accepted the record, in epoch seconds with a fraction.</summary>
    [JsonPropertyName("approximateArrivalTimestamp")]
    public double ApproximateArrivalTimestamp { get; init; }

    /// <summary>When the record was dead-lettered.</summary>
    [JsonPropertyName("deadLetteredAt")]
    public DateTimeOffset DeadLetteredAt { get; init; }

    /// <summary>The Kinesis record's <c>data</c> exactly as received (base64), or null when it is in S3.</summary>
    [JsonPropertyName("data")]
    public string? Data { get; init; }

    /// <summary>The bucket holding the data when it was too large for the message.</summary>
    [JsonPropertyName("dataS3Bucket")]
    public string? DataS3Bucket { get; init; }

    /// <summary>The key of the object holding the data when it was too large for the message.</summary>
    [JsonPropertyName("dataS3Key")]
    public string? DataS3Key { get; init; }

    /// <summary>The length of the base64 data in characters.</summary>
    [JsonPropertyName("dataLength")]
    public int DataLength { get; init; }

    /// <summary>Reads a message body.</summary>
    /// <exception cref="JsonException">The body is not a dead-letter message.</exception>
    public static DeadLetterMessage Parse(string json) =>
        JsonSerializer.Deserialize(json, DeadLetterJsonContext.Default.DeadLetterMessage)
        ?? throw new JsonException("A dead-letter message is a JSON object, not null.");

    /// <summary>The message as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, DeadLetterJsonContext.Default.DeadLetterMessage);
}
