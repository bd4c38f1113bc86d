using System.Text.Json.Serialization;

namespace Neptune.Streams.Lambda.Kinesis;

/// <summary>
/// The event Lambda's Kinesis event source mapping sends to a function, wire-compatible with
/// <c>Amazon.Lambda.KinesisEvents.KinesisEvent</c> (including the tumbling-window fields).
/// </summary>
public sealed class KinesisEvent
{
    /// <summary>The records of the batch, in shard order.</summary>
    [JsonPropertyName("Records")]
    public IList<KinesisEventRecord> Records { get; set; } = [];

    /// <summary>The shard id; set only for tumbling-window invocations.</summary>
    [JsonPropertyName("shardId")]
    public string? ShardId { get; set; }

    /// <summary>The stream ARN; set only for tumbling-window invocations.</summary>
    [JsonPropertyName("eventSourceARN")]
    public string? EventSourceArn { get; set; }

    /// <summary>The tumbling window; set only for tumbling-window invocations.</summary>
    [JsonPropertyName("window")]
    public KinesisTimeWindow? Window { get; set; }

    /// <summary>The state carried between invocations of one tumbling window.</summary>
    [JsonPropertyName("state")]
    public IDictionary<string, string>? State { get; set; }

    /// <summary>Whether this is the last invocation of a tumbling window.</summary>
    [JsonPropertyName("isFinalInvokeForWindow")]
    public bool? IsFinalInvokeForWindow { get; set; }

    /// <summary>Whether the tumbling window ended before its time (for example on a reshard).</summary>
    [JsonPropertyName("isWindowTerminatedEarly")]
    public bool? IsWindowTerminatedEarly { get; set; }
}
