using Neptune.Streams.Pump.Neptune;

namespace Neptune.Streams.Pump.Pumping;

/// <summary>The records one commit wrote for one element (vertex, edge, or RDF subject), in stream order.</summary>
internal sealed class ElementChange
{
    public required string ElementId { get; init; }

    public required bool IsEdge { get; init; }

    public required bool IsRdf { get; init; }

    public required long CommitNum { get; init; }

    /// <summary>True for an element read by the snapshot phase (the envelope says so).</summary>
    public bool IsSnapshot { get; init; }

    public List<StreamRecord> Records { get; } = [];
}
