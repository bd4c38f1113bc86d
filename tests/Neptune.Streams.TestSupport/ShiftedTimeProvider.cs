namespace Neptune.Streams.TestSupport;

/// <summary>
/// Another clock on the same timeline: <paramref name="inner"/>'s time plus <see cref="Offset"/>. Timers and timestamps
/// are <paramref name="inner"/>'s, so only "now" moves: ages a history past the stream's retention, or skews one
/// writer's clock against another's.
/// </summary>
public sealed class ShiftedTimeProvider(TimeProvider inner) : TimeProvider
{
    /// <summary>How far this clock runs ahead of <paramref name="inner"/> (negative: behind); zero by default.</summary>
    public TimeSpan Offset { get; set; }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Offset;

    /// <inheritdoc />
    public override long GetTimestamp() => inner.GetTimestamp();

    /// <inheritdoc />
    public override long TimestampFrequency => inner.TimestampFrequency;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        => inner.CreateTimer(callback, state, dueTime, period);
}
