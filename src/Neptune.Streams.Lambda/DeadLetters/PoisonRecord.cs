using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.DeadLetters;

/// <summary>A record that cannot be decoded or parsed, with where it came from and why it failed.</summary>
public sealed class PoisonRecord
{
    /// <summary>Where the record sits in Kinesis (shard, sequence number, sub-sequence number, partition key).</summary>
    public required KinesisPosition Position { get; init; }

    /// <summary>The ARN of the Kinesis stream.</summary>
    public string? EventSourceArn { get; init; }

    /// <summary>The function that could not handle it.</summary>
    public string? FunctionName { get; init; }

    /// <summary>
    /// The Kinesis record's <c>data</c> exactly as received (base64); for a KPL sub-record, only that sub-record's data
    /// as the aggregate holds it (base64), to be put back with <see cref="KinesisPosition.PartitionKey"/>.
    /// </summary>
    public required string Data { get; init; }

    /// <summary>When Kinesis accepted the record, in epoch seconds.</summary>
    public double ApproximateArrivalTimestamp { get; init; }

    /// <summary>Why the record is poison; names no property value.</summary>
    public required string Reason { get; init; }

    /// <summary>A one-line description for logs and errors: position and reason.</summary>
    public override string ToString() => $"poison record {Position}: {Reason}";
}
