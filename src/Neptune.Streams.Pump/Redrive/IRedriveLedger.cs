namespace Neptune.Streams.Pump.Redrive;

/// <summary>
/// Remembers which dead letters (by shard, sequence number and sub-sequence number) were put back on a stream, so a
/// duplicate of one that turns up in a later redrive (the consumer dead-lettered the record on each redelivery, or SQS
/// delivered a message twice) is deleted instead of put back again.
/// </summary>
public interface IRedriveLedger
{
    /// <summary>Whether <paramref name="deadLetter"/>'s record was already put back on <paramref name="streamName"/>.</summary>
    Task<bool> WasRedrivenAsync(string streamName, DeadLetter deadLetter, CancellationToken cancellationToken = default);

    /// <summary>Records that <paramref name="deadLetter"/>'s record was put back on <paramref name="streamName"/> (after Kinesis accepted it).</summary>
    Task MarkRedrivenAsync(string streamName, DeadLetter deadLetter, CancellationToken cancellationToken = default);
}
