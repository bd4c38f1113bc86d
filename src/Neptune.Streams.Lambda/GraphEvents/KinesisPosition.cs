namespace Neptune.Streams.Lambda.GraphEvents;

/// <summary>Where a record sits in Kinesis: shard, sequence number and, for KPL sub-records, the sub-sequence number.</summary>
/// <param name="ShardId">The shard id (<c>shardId-000000000000</c>).</param>
/// <param name="SequenceNumber">The Kinesis record's sequence number.</param>
/// <param name="SubSequenceNumber">The index within a KPL aggregate, or -1 when the record was not aggregated.</param>
/// <param name="PartitionKey">The (sub-)record's partition key.</param>
public readonly record struct KinesisPosition(string ShardId, string SequenceNumber, int SubSequenceNumber, string PartitionKey)
{
    /// <summary><c>shard/sequence</c>, with <c>#sub</c> for a KPL sub-record.</summary>
    public override string ToString() =>
        SubSequenceNumber < 0 ? $"{ShardId}/{SequenceNumber}" : $"{ShardId}/{SequenceNumber}#{SubSequenceNumber}";
}
