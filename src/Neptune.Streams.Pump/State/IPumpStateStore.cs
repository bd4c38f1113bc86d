using Neptune.Streams.Pump.Neptune;
using Neptune.Streams.Pump.Snapshot;

namespace Neptune.Streams.Pump.State;

/// <summary>
/// Where a pump keeps its position in Neptune's stream and its lease: DynamoDB (<see cref="DynamoDbPumpStateStore"/>)
/// or memory (<see cref="InMemoryPumpStateStore"/>). Every write is conditional.
/// </summary>
public interface IPumpStateStore
{
    /// <summary>Takes the lease when it is free, expired or already <paramref name="owner"/>'s; null when another pump holds it.</summary>
    Task<PumpLease?> TryAcquireLeaseAsync(string pumpId, string owner, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Extends the lease; null when it was lost (taken over after expiry).</summary>
    Task<PumpLease?> RenewLeaseAsync(PumpLease lease, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Gives the lease up so the next pump need not wait for it to expire.</summary>
    Task ReleaseLeaseAsync(PumpLease lease, CancellationToken cancellationToken = default);

    /// <summary>The last position forwarded, or null before the first.</summary>
    Task<StreamPosition?> GetPositionAsync(string pumpId, CancellationToken cancellationToken = default);

    /// <summary>Stores the position while <paramref name="lease"/> is still the lease (not taken over) and no newer lease wrote one; false otherwise.</summary>
    Task<bool> SavePositionAsync(PumpLease lease, StreamPosition position, CancellationToken cancellationToken = default);

    /// <summary>The snapshot's progress (item <c>sk = "snapshot"</c>), or null when no snapshot was started.</summary>
    Task<SnapshotProgress?> GetSnapshotAsync(string pumpId, CancellationToken cancellationToken = default);

    /// <summary>Stores the snapshot's progress unless a newer lease (higher fencing token) wrote it; false then.</summary>
    Task<bool> SaveSnapshotAsync(PumpLease lease, SnapshotProgress progress, CancellationToken cancellationToken = default);
}
