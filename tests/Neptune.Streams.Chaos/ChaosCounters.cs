namespace Neptune.Streams.Chaos;

/// <summary>How many faults of each kind were injected.</summary>
public sealed class ChaosCounters
{
    private long _crashes;
    private long _pumpKills;
    private long _awsFaults;
    private long _timeouts;

    /// <summary>Function instances killed.</summary>
    public long Crashes => Interlocked.Read(ref _crashes);

    /// <summary>Pumps killed mid-write.</summary>
    public long PumpKills => Interlocked.Read(ref _pumpKills);

    /// <summary>DynamoDB and SQS requests answered with an injected error.</summary>
    public long AwsFaults => Interlocked.Read(ref _awsFaults);

    /// <summary>Invocations whose deadline stopped the batch early.</summary>
    public long Timeouts => Interlocked.Read(ref _timeouts);

    internal void Crash() => Interlocked.Increment(ref _crashes);

    internal void PumpKill() => Interlocked.Increment(ref _pumpKills);

    internal void AwsFault() => Interlocked.Increment(ref _awsFaults);

    internal void Timeout() => Interlocked.Increment(ref _timeouts);
}
