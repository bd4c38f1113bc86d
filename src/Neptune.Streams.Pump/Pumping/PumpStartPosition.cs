namespace Neptune.Streams.Pump.Pumping;

/// <summary>Where a pump starts when it has no position, or resumes after its position expired.</summary>
public enum PumpStartPosition
{
    /// <summary>The oldest record Neptune still keeps: nothing retained is skipped.</summary>
    TrimHorizon,

    /// <summary>Only changes committed from now on: history is skipped.</summary>
    Latest,

    /// <summary>
    /// The whole graph first (one envelope per vertex and edge, marked as snapshot), then the stream from the position
    /// recorded before the graph was read. Property graphs only. Not allowed as <see cref="PumpOptions.ExpiredRecovery"/>.
    /// </summary>
    Snapshot,
}
