namespace Neptune.Streams.Pump.Kinesis;

/// <summary>The result of <c>GetRecords</c>.</summary>
/// <param name="Records">The records, in shard order.</param>
/// <param name="NextShardIterator">Where to read next; null when the shard is closed and fully read.</param>
/// <param name="MillisBehindLatest">How far the iterator is behind the shard's tip.</param>
public sealed record KinesisGetRecordsResult(IReadOnlyList<KinesisRecord> Records, string? NextShardIterator, long MillisBehindLatest);
