namespace Neptune.Streams.Pump.Kinesis;

/// <summary>A shard of a stream.</summary>
/// <param name="ShardId">The shard id (<c>shardId-000000000000</c>).</param>
/// <param name="StartingHashKey">The lowest MD5 hash key the shard takes, as a decimal string.</param>
/// <param name="EndingHashKey">The highest MD5 hash key the shard takes, as a decimal string.</param>
/// <param name="ParentShardId">The parent shard after a reshard, or null.</param>
public sealed record KinesisShard(string ShardId, string StartingHashKey, string EndingHashKey, string? ParentShardId = null);
