using Neptune.Streams.Pump.Neptune;

namespace Neptune.Streams.Pump.State;

/// <summary>Pump state in memory, with the same conditions as the DynamoDB store: for the local stack and tests.</summary>
public sealed partial class InMemoryPumpStateStore : IPumpStateStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, PumpLease> _leases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (StreamPosition Position, long Fencing)> _positions = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates an empty store.</summary>
    public InMemoryPumpStateStore(TimeProvider? timeProvider = null) => _timeProvider = timeProvider ?? TimeProvider.System;

    /// <inheritdoc />
    public Task<PumpLease?> TryAcquireLeaseAsync(string pumpId, string owner, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            DateTimeOffset now = _timeProvider.GetUtcNow();
            _leases.TryGetValue(pumpId, out PumpLease? current);
            if (current is not null && current.Owner != owner && current.ExpiresAt >= now)
            {
                return Task.FromResult<PumpLease?>(null);
            }

            var lease = new PumpLease(pumpId, owner, (current?.FencingToken ?? 0) + 1, now + duration);
            _leases[pumpId] = lease;
            return Task.FromResult<PumpLease?>(lease);
        }
    }

    /// <inheritdoc />
    public Task<PumpLease?> RenewLeaseAsync(PumpLease lease, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        lock (_gate)
        {
            if (!_leases.TryGetValue(lease.PumpId, out PumpLease? current) || current.Owner != lease.Owner || current.FencingToken != lease.FencingToken)
            {
                return Task.FromResult<PumpLease?>(null);
            }

            var renewed = current with { ExpiresAt = _timeProvider.GetUtcNow() + duration };
            _leases[lease.PumpId] = renewed;
            return Task.FromResult<PumpLease?>(renewed);
        }
    }

    /// <inheritdoc />
    public Task ReleaseLeaseAsync(PumpLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        lock (_gate)
        {
            if (_leases.TryGetValue(lease.PumpId, out PumpLease? current) && current.Owner == lease.Owner && current.FencingToken == lease.FencingToken)
            {
                _leases[lease.PumpId] = current with { ExpiresAt = DateTimeOffset.UnixEpoch };
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<StreamPosition?> GetPositionAsync(string pumpId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<StreamPosition?>(_positions.TryGetValue(pumpId, out var saved) ? saved.Position : null);
        }
    }

    /// <inheritdoc />
    public Task<bool> SavePositionAsync(PumpLease lease, StreamPosition position, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        lock (_gate)
        {
            if (!_leases.TryGetValue(lease.PumpId, out PumpLease? current) || current.Owner != lease.Owner || current.FencingToken != lease.FencingToken
                || (_positions.TryGetValue(lease.PumpId, out var saved) && saved.Fencing > lease.FencingToken))
            {
                return Task.FromResult(false);
            }

            _positions[lease.PumpId] = (position, lease.FencingToken);
            return Task.FromResult(true);
        }
    }
}
