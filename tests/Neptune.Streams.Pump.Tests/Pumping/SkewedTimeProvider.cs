namespace Neptune.Streams.Pump.Tests.Pumping;

/// <summary>Another machine's clock: <paramref name="inner"/> plus a fixed skew; timers run on the shared timeline.</summary>
internal sealed class SkewedTimeProvider(TimeProvider inner, TimeSpan skew) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + skew;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        => inner.CreateTimer(callback, state, dueTime, period);
}
