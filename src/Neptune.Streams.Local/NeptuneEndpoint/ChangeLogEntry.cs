namespace Neptune.Streams.Local.NeptuneEndpoint;

/// <summary>
/// One change record as Neptune keeps it in its stream: a property-graph element change (<see cref="Type"/> set) or an
/// RDF statement change (<see cref="Statement"/> set).
/// </summary>
internal sealed class ChangeLogEntry
{
    public required long CommitNum { get; init; }

    public required long OpNum { get; init; }

    public required long CommitTimestamp { get; init; }

    /// <summary><c>ADD</c> or <c>REMOVE</c>.</summary>
    public required string Op { get; init; }

    /// <summary>Set by the log when the transaction is closed.</summary>
    public bool IsLastOp { get; set; }

    /// <summary><c>vl</c>, <c>vp</c>, <c>e</c> or <c>ep</c>; null for an RDF statement.</summary>
    public string? Type { get; init; }

    public string? Id { get; init; }

    public string? Key { get; init; }

    /// <summary>A string, long, double or bool; dates as epoch milliseconds (long).</summary>
    public object? Value { get; init; }

    public string? DataType { get; init; }

    public string? From { get; init; }

    public string? To { get; init; }

    /// <summary>The N-Quads line (with its trailing newline) of an RDF change.</summary>
    public string? Statement { get; init; }

    /// <summary>True for an RDF change (served by <c>/sparql/stream</c>).</summary>
    public bool IsRdf => Statement is not null;

    public int CompareTo(long commitNum, long opNum)
    {
        int byCommit = CommitNum.CompareTo(commitNum);
        return byCommit != 0 ? byCommit : OpNum.CompareTo(opNum);
    }
}
