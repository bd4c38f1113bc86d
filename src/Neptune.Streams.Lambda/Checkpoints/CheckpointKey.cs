namespace Neptune.Streams.Lambda.Checkpoints;

/// <summary>What a checkpoint belongs to: a function reading one shard of one stream (and, in scope
/// <see cref="CheckpointScope.PartitionKey"/>, one partition key).</summary>
/// <param name="FunctionName">The consuming function's name.</param>
/// <param name="StreamArn">The Kinesis stream's ARN.</param>
/// <param name="ShardId">The shard id.</param>
/// <param name="PartitionKey">The partition key in scope <see cref="CheckpointScope.PartitionKey"/>; null in scope <see cref="CheckpointScope.Shard"/>.</param>
public readonly record struct CheckpointKey(string FunctionName, string StreamArn, string ShardId, string? PartitionKey = null)
{
    /// <summary>The scope this key is for.</summary>
    public CheckpointScope Scope => PartitionKey is null ? CheckpointScope.Shard : CheckpointScope.PartitionKey;

    /// <summary><c>function/stream/shard</c>, with <c>/partitionKey</c> in scope <see cref="CheckpointScope.PartitionKey"/>.</summary>
    public override string ToString() =>
        PartitionKey is null ? $"{FunctionName}/{StreamArn}/{ShardId}" : $"{FunctionName}/{StreamArn}/{ShardId}/{PartitionKey}";
}
