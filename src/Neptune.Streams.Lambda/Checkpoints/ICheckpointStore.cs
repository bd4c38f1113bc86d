namespace Neptune.Streams.Lambda.Checkpoints;

/// <summary>
/// Keeps how far a function got in each shard, so a redelivered batch skips what was already handled. A stored
/// checkpoint only ever moves forward, whatever order concurrent writers arrive in.
/// </summary>
public interface ICheckpointStore
{
    /// <summary>Reads one checkpoint with a consistent read; null when none was written yet.</summary>
    /// <exception cref="CheckpointStoreException">The store could not be read (after retries).</exception>
    ValueTask<Checkpoint?> GetAsync(CheckpointKey key, CancellationToken cancellationToken = default);

    /// <summary>Reads several checkpoints with consistent reads (scope <see cref="CheckpointScope.PartitionKey"/>); missing ones are left out.</summary>
    /// <exception cref="CheckpointStoreException">The store could not be read (after retries).</exception>
    ValueTask<IReadOnlyDictionary<CheckpointKey, Checkpoint>> GetManyAsync(
        IReadOnlyCollection<CheckpointKey> keys, CancellationToken cancellationToken = default);

    /// <summary>Moves the checkpoint forward to <paramref name="checkpoint"/>, unless it is already there or beyond.</summary>
    /// <exception cref="CheckpointStoreException">The store could not be written (after retries).</exception>
    ValueTask<CheckpointWriteOutcome> AdvanceAsync(CheckpointKey key, Checkpoint checkpoint, CancellationToken cancellationToken = default);
}
