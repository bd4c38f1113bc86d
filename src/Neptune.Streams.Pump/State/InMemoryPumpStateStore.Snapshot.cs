using Neptune.Streams.Pump.Snapshot;

namespace Neptune.Streams.Pump.State;

public sealed partial class InMemoryPumpStateStore
{
    private readonly Dictionary<string, (SnapshotProgress Progress, long Fencing)> _snapshots = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<SnapshotProgress?> GetSnapshotAsync(string pumpId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<SnapshotProgress?>(_snapshots.TryGetValue(pumpId, out var saved) ? saved.Progress : null);
        }
    }

    /// <inheritdoc />
    public Task<bool> SaveSnapshotAsync(PumpLease lease, SnapshotProgress progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(progress);
        lock (_gate)
        {
            if (_snapshots.TryGetValue(lease.PumpId, out var saved) && saved.Fencing > lease.FencingToken)
            {
                return Task.FromResult(false);
            }

            _snapshots[lease.PumpId] = (progress, lease.FencingToken);
            return Task.FromResult(true);
        }
    }
}
