using System.Collections.Concurrent;

namespace Neptune.Streams.Chaos;

/// <summary>How many faults of each kind were injected.</summary>
public sealed class ChaosCounters
{
    private readonly ConcurrentDictionary<(string Id, long Commit), byte> _permanent = new();
    private long _crashes;
    private long _handled;
    private long _claimKills;
    private long _pumpKills;
    private long _awsFaults;
    private long _timeouts;
    private long _labelFaults;
    private long _slowWrites;
    private long _leaseSteals;
    private long _snapshotKills;
    private long _lastClaimKill;

    /// <summary>Pumps killed while their snapshot was not done yet (the snapshot variant).</summary>
    public long SnapshotKills => Interlocked.Read(ref _snapshotKills);

    /// <summary>Function instances killed (at any point).</summary>
    public long Crashes => Interlocked.Read(ref _crashes);

    /// <summary>Function instances killed inside the effect, while holding the event's idempotency claim.</summary>
    public long ClaimKills => Interlocked.Read(ref _claimKills);

    /// <summary>When (<see cref="TimeProvider.GetTimestamp"/>) the last kill while holding a claim happened; 0 before any.</summary>
    public long LastClaimKill => Interlocked.Read(ref _lastClaimKill);

    /// <summary>Pumps killed mid-write.</summary>
    public long PumpKills => Interlocked.Read(ref _pumpKills);

    /// <summary>DynamoDB and SQS requests answered with an injected error.</summary>
    public long AwsFaults => Interlocked.Read(ref _awsFaults);

    /// <summary>Invocations whose deadline stopped the batch early.</summary>
    public long Timeouts => Interlocked.Read(ref _timeouts);

    /// <summary>Distinct events whose handler threw <c>PermanentHandlerException</c>.</summary>
    public int Permanent => _permanent.Count;

    /// <summary>Label look-ups of the pump answered with an injected 500.</summary>
    public long LabelFaults => Interlocked.Read(ref _labelFaults);

    /// <summary>Pump writes held back past the lease.</summary>
    public long SlowWrites => Interlocked.Read(ref _slowWrites);

    /// <summary>Slow writes during which the other pump took the lease and wrote, before the slow write landed.</summary>
    public long LeaseSteals => Interlocked.Read(ref _leaseSteals);

    internal void Crash() => Interlocked.Increment(ref _crashes);

    /// <summary>Counts one handled event; the count so far, from 1.</summary>
    internal long Handle() => Interlocked.Increment(ref _handled);

    internal void ClaimKill()
    {
        Interlocked.Increment(ref _claimKills);
        Interlocked.Increment(ref _crashes);
        Interlocked.Exchange(ref _lastClaimKill, TimeProvider.System.GetTimestamp());
    }

    internal void PumpKill() => Interlocked.Increment(ref _pumpKills);

    internal void SnapshotKill() => Interlocked.Increment(ref _snapshotKills);

    internal void AwsFault() => Interlocked.Increment(ref _awsFaults);

    internal void Timeout() => Interlocked.Increment(ref _timeouts);

    internal void PermanentFailure(string id, long commit) => _permanent.TryAdd((id, commit), 0);

    internal void LabelFault() => Interlocked.Increment(ref _labelFaults);

    internal long SlowWrite() => Interlocked.Increment(ref _slowWrites);

    internal void LeaseSteal() => Interlocked.Increment(ref _leaseSteals);
}
