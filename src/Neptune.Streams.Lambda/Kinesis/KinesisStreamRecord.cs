using System.Text.Json.Serialization;

namespace Neptune.Streams.Lambda.Kinesis;

/// <summary>The Kinesis part of a Lambda Kinesis event record.</summary>
public sealed class KinesisStreamRecord
{
    /// <summary>The Kinesis schema version, <c>1.0</c>.</summary>
    [JsonPropertyName("kinesisSchemaVersion")]
    public string? KinesisSchemaVersion { get; set; }

    /// <summary>The partition key the producer wrote the record with.</summary>
    [JsonPropertyName("partitionKey")]
    public string PartitionKey { get; set; } = string.Empty;

    /// <summary>The sequence number: a decimal string of up to 128 digits, unique and increasing within a shard.</summary>
    [JsonPropertyName("sequenceNumber")]
    public string SequenceNumber { get; set; } = string.Empty;

    /// <summary>The record's payload, base64-encoded.</summary>
    [JsonPropertyName("data")]
    public string Data { get; set; } = string.Empty;

    /// <summary>When Kinesis accepted the record, in epoch seconds with a fraction.</summary>
    [JsonPropertyName("approximateArrivalTimestamp")]
    public double ApproximateArrivalTimestamp { get; set; }

    /// <summary><c>KMS</c> when the stream is encrypted, otherwise absent or <c>NONE</c>.</summary>
    [JsonPropertyName("encryptionType")]
    public string? EncryptionType { get; set; }
}
