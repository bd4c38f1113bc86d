namespace Neptune.Streams.Pump.Snapshot;

/// <summary>Where a snapshot is: reading vertices, then edges, then done (the stream phase may start).</summary>
public enum SnapshotPhase
{
    /// <summary>Reading vertices in id order.</summary>
    Vertices,

    /// <summary>Reading edges in id order (every vertex was written).</summary>
    Edges,

    /// <summary>Every element was written; the stream continues after <see cref="SnapshotProgress.Position"/>.</summary>
    Done,
}
