namespace Neptune.Streams.Pump.Neptune;

/// <summary>One change record of a page: what the pump needs to group it, and its JSON exactly as Neptune sent it.</summary>
internal sealed class StreamRecord
{
    public required long CommitNum { get; init; }

    public required long OpNum { get; init; }

    public bool IsLastOp { get; init; }

    /// <summary>The element id (PG) or the statement's subject (RDF).</summary>
    public required string ElementId { get; init; }

    /// <summary><c>vl</c>, <c>vp</c>, <c>e</c>, <c>ep</c>, or null for RDF.</summary>
    public string? Type { get; init; }

    public bool IsAdd { get; init; }

    /// <summary>The label of a <c>vl</c> or <c>e</c> record.</summary>
    public string? Label { get; init; }

    public string? From { get; init; }

    public string? To { get; init; }

    /// <summary>The record's JSON as Neptune wrote it, forwarded unchanged.</summary>
    public required ReadOnlyMemory<byte> Json { get; init; }

    public bool IsEdge => Type is "e" or "ep";
}
