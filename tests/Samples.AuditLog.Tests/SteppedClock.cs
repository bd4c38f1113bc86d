namespace Samples.AuditLog.Tests;

/// <summary>A clock the test sets by hand.</summary>
internal sealed class SteppedClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;
}
