using System.Text.Json.Serialization;

namespace Neptune.Streams.Lambda.Kinesis;

/// <summary>
/// The event Lambda's Kinesis event source mapping sends to a function, wire-compatible with
/// <c>Amazon.Lambda.KinesisEvents.KinesisEvent</c> (including the tumbling-window fields).
/// </summary>
public sealed class KinesisEvent
{
    private IList<KinesisEventRecord> _records = [];

    /// <summary>The records of the batch, in shard order.</summary>
    [JsonPropertyName("Records")]
    public IList<KinesisEventRecord> Records
    {
        get => _records;
        set
        {
            _records = value;
            RecordsWereSet = true;
        }
    }

    /// <summary>True once <see cref="Records"/> was assigned (by the payload): a payload without it is not a Kinesis event.</summary>
    [JsonIgnore]
    internal bool RecordsWereSet { get; private set; }

    /// <summary>The shard id; set only for tumbling-window invocations.</summary>
    [JsonPropertyName("shardId")]
    public string? ShardId { get; set; }

    /// <summary>The stream ARN; set only for tumbling-window invocations.</summary>
    [JsonPropertyName("eventSourceARN")]
    public string? EventSourceArn { get; set; }

    /// <summary>The tumbling window; set only for tumbling-window invocations.</summary>
    [JsonPropertyName("window")]
    public KinesisTimeWindow? Window { get; set; }

    /// <summary>The state carried between invocations of one tumbling window; values that are not JSON strings keep their JSON text (<c>282</c>).</summary>
    [JsonPropertyName("state")]
    [JsonConverter(typeof(WindowStateJsonConverter))]
    public IDictionary<string, string>? State { get; set; }

    /// <summary>Whether this is the last invocation of a tumbling window.</summary>
    [JsonPropertyName("isFinalInvokeForWindow")]
    public bool? IsFinalInvokeForWindow { get; set; }

    /// <summary>Whether the tumbling window ended before its time (for example on a reshard).</summary>
    [JsonPropertyName("isWindowTerminatedEarly")]
    public bool? IsWindowTerminatedEarly { get; set; }
}
