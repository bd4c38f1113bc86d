namespace Neptune.Streams.Lambda.Checkpoints;

/// <summary>
/// Checkpoints in this process's memory: the embedded default for local runs and tests. Lost when the process ends,
/// so in Lambda it only deduplicates redeliveries that reach the same warm instance.
/// </summary>
public sealed class InMemoryCheckpointStore : ICheckpointStore
{
    private readonly Dictionary<CheckpointKey, Checkpoint> _checkpoints = [];
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public ValueTask<Checkpoint?> GetAsync(CheckpointKey key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_checkpoints.GetValueOrDefault(key));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<CheckpointKey, Checkpoint>> GetManyAsync(
        IReadOnlyCollection<CheckpointKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        cancellationToken.ThrowIfCancellationRequested();
        var found = new Dictionary<CheckpointKey, Checkpoint>();
        lock (_gate)
        {
            foreach (CheckpointKey key in keys)
            {
                if (_checkpoints.TryGetValue(key, out Checkpoint? checkpoint))
                {
                    found[key] = checkpoint;
                }
            }
        }

        return ValueTask.FromResult<IReadOnlyDictionary<CheckpointKey, Checkpoint>>(found);
    }

    /// <inheritdoc />
    public ValueTask<CheckpointWriteOutcome> AdvanceAsync(CheckpointKey key, Checkpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_checkpoints.TryGetValue(key, out Checkpoint? stored) && stored.ComparePosition(checkpoint) >= 0)
            {
                return ValueTask.FromResult(CheckpointWriteOutcome.AlreadyAtOrBeyond);
            }

            _checkpoints[key] = checkpoint;
            return ValueTask.FromResult(CheckpointWriteOutcome.Advanced);
        }
    }
}
