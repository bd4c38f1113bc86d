namespace Neptune.Streams.Pump.Snapshot;

/// <summary>
/// The two openCypher queries of the snapshot. Pages are keyed by element id, not by offset: an element added or
/// removed while the graph is read cannot shift a page boundary, so nothing is skipped or read twice (an element
/// added behind the cursor is replayed from the stream after P instead). The local endpoint answers exactly these.
/// </summary>
public static class SnapshotQueries
{
    /// <summary>A page of vertices after <c>$after</c>, in id order, with all labels and properties.</summary>
    public const string Vertices =
        "MATCH (n) WHERE id(n) > $after RETURN id(n) AS id, labels(n) AS labels, properties(n) AS properties ORDER BY id(n) LIMIT $limit";

    /// <summary>A page of edges after <c>$after</c>, in id order, with label, endpoints and properties.</summary>
    public const string Edges =
        "MATCH (a)-[r]->(b) WHERE id(r) > $after RETURN id(r) AS id, type(r) AS label, id(a) AS from, id(b) AS to, properties(r) AS properties ORDER BY id(r) LIMIT $limit";
}
