using System.Text.Json.Serialization;

namespace Neptune.Streams.Lambda.Kinesis;

/// <summary>One record of a <see cref="KinesisEvent"/>: the Kinesis data record and where it came from.</summary>
public sealed class KinesisEventRecord
{
    [ThreadStatic]
    private static string? t_lastShard;

    /// <summary>The Kinesis data record.</summary>
    [JsonPropertyName("kinesis")]
    public KinesisStreamRecord Kinesis { get; set; } = new();

    /// <summary>Always <c>aws:kinesis</c>.</summary>
    [JsonPropertyName("eventSource")]
    public string? EventSource { get; set; }

    /// <summary>The event schema version.</summary>
    [JsonPropertyName("eventVersion")]
    public string? EventVersion { get; set; }

    /// <summary><c>shardId-…:sequenceNumber</c>.</summary>
    [JsonPropertyName("eventID")]
    public string? EventId { get; set; }

    /// <summary>Always <c>aws:kinesis:record</c>.</summary>
    [JsonPropertyName("eventName")]
    public string? EventName { get; set; }

    /// <summary>The ARN of the role the event source mapping reads with.</summary>
    [JsonPropertyName("invokeIdentityArn")]
    public string? InvokeIdentityArn { get; set; }

    /// <summary>The region of the stream.</summary>
    [JsonPropertyName("awsRegion")]
    public string? AwsRegion { get; set; }

    /// <summary>The ARN of the Kinesis stream.</summary>
    [JsonPropertyName("eventSourceARN")]
    public string? EventSourceArn { get; set; }

    /// <summary>The shard id, taken from <see cref="EventId"/> (the part before the colon).</summary>
    [JsonIgnore]
    public string ShardId
    {
        get
        {
            var id = EventId;
            if (string.IsNullOrEmpty(id))
            {
                return "unknown-shard";
            }

            int colon = id.IndexOf(':', StringComparison.Ordinal);
            ReadOnlySpan<char> shard = colon > 0 ? id.AsSpan(0, colon) : id;

            // A batch comes from one shard: hand out one string for it rather than a copy per record.
            string? last = t_lastShard;
            return last is not null && shard.SequenceEqual(last) ? last : t_lastShard = shard.ToString();
        }
    }
}
