namespace Neptune.Streams.Pump.Snapshot;

/// <summary>How the snapshot phase (<see cref="Pumping.PumpStartPosition.Snapshot"/>) reads the graph.</summary>
public sealed class SnapshotOptions
{
    private int _pageSize = 1000;

    /// <summary>Elements per openCypher query (<c>LIMIT</c>); the progress is saved after each page.</summary>
    /// <value>1000; 1 to 100,000.</value>
    public int PageSize
    {
        get => _pageSize;
        set => _pageSize = value is >= 1 and <= 100_000
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The page size must be from 1 to 100,000.");
    }
}
