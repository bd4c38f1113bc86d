namespace Neptune.Streams.Lambda.Checkpoints;

/// <summary>What one checkpoint covers.</summary>
public enum CheckpointScope
{
    /// <summary>One checkpoint per function, stream and shard: right for ParallelizationFactor 1 (the default).</summary>
    Shard,

    /// <summary>
    /// One checkpoint per function, stream, shard and partition key: right for any ParallelizationFactor, where
    /// Lambda keeps only the records of one partition key in order. Costs one write per partition key in a batch.
    /// </summary>
    PartitionKey,
}
