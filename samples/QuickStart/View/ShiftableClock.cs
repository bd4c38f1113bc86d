namespace QuickStart.View;

/// <summary>The system clock moved forward on demand: ages the local graph's history past its stream retention.</summary>
internal sealed class ShiftableClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
