namespace Neptune.Streams.Pump.Redrive;

/// <summary>A dead-lettered Kinesis record to put back on the stream, with where it came from and how to delete it.</summary>
/// <param name="PartitionKey">The partition key it was written with.</param>
/// <param name="Data">The record's data exactly as it was in Kinesis.</param>
/// <param name="ShardId">The shard it was read from.</param>
/// <param name="SequenceNumber">Its original sequence number (orders the records of one shard, so of one key).</param>
/// <param name="SubSequenceNumber">Its index inside a KPL aggregate, or -1.</param>
/// <param name="DeleteAsync">Removes it from the dead-letter store; called only after Kinesis accepted it again.</param>
public sealed record DeadLetter(
    string PartitionKey, ReadOnlyMemory<byte> Data, string ShardId, string SequenceNumber, int SubSequenceNumber,
    Func<CancellationToken, Task> DeleteAsync);
