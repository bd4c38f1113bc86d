using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Lambda.Testing;

/// <summary>
/// What the event source mapping sent to its on-failure destination: a batch it gave up, why, and how often it was
/// invoked. Lambda's message names only the sequence-number range; the test host also keeps the records.
/// </summary>
public sealed class OnFailureBatch
{
    internal OnFailureBatch(OnFailureReason reason, int approximateInvokeCount, string? functionError, string shardId, IReadOnlyList<KinesisEventRecord> records)
    {
        Reason = reason;
        ApproximateInvokeCount = approximateInvokeCount;
        FunctionError = functionError;
        ShardId = shardId;
        Records = records;
    }

    /// <summary>Why the records were given up.</summary>
    public OnFailureReason Reason { get; }

    /// <summary>How many times the batch was invoked.</summary>
    public int ApproximateInvokeCount { get; }

    /// <summary><c>Unhandled</c> when the last invocation threw, null when it reported batch item failures.</summary>
    public string? FunctionError { get; }

    /// <summary>The shard.</summary>
    public string ShardId { get; }

    /// <summary>The first record's sequence number.</summary>
    public string StartSequenceNumber => Records[0].Kinesis.SequenceNumber;

    /// <summary>The last record's sequence number.</summary>
    public string EndSequenceNumber => Records[^1].Kinesis.SequenceNumber;

    /// <summary>How many records were given up.</summary>
    public int BatchSize => Records.Count;

    /// <summary>The records given up, in shard order.</summary>
    public IReadOnlyList<KinesisEventRecord> Records { get; }
}
