namespace Neptune.Streams.Lambda;

/// <summary>What happened to a graph element (the seed tutorial's ADD_/UPDATE_/DELETE_ VERTEX/EDGE, and RDF triples).</summary>
public enum GraphEventKind
{
    /// <summary>A vertex was created (ADD_VERTEX).</summary>
    VertexAdded,

    /// <summary>Properties or labels of an existing vertex changed (UPDATE_VERTEX).</summary>
    VertexUpdated,

    /// <summary>A vertex was dropped (DELETE_VERTEX).</summary>
    VertexDeleted,

    /// <summary>An edge was created (ADD_EDGE).</summary>
    EdgeAdded,

    /// <summary>Properties of an existing edge changed (UPDATE_EDGE).</summary>
    EdgeUpdated,

    /// <summary>An edge was dropped (DELETE_EDGE).</summary>
    EdgeDeleted,

    /// <summary>An RDF statement was added.</summary>
    TripleAdded,

    /// <summary>An RDF statement was removed.</summary>
    TripleRemoved,
}
