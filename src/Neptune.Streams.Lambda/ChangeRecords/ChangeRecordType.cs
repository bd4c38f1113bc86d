namespace Neptune.Streams.Lambda.ChangeRecords;

/// <summary>What one Neptune change record is about.</summary>
internal enum ChangeRecordType
{
    /// <summary>PG_JSON <c>vl</c>: a vertex label.</summary>
    VertexLabel,

    /// <summary>PG_JSON <c>vp</c>: a vertex property value.</summary>
    VertexProperty,

    /// <summary>PG_JSON <c>e</c>: an edge (with its label and endpoints).</summary>
    Edge,

    /// <summary>PG_JSON <c>ep</c>: an edge property value.</summary>
    EdgeProperty,

    /// <summary>NQUADS <c>stmt</c>, or the simplified SPARQL form: one RDF statement.</summary>
    Statement,

    /// <summary>The simplified form: a whole vertex or edge event in one record.</summary>
    Simplified,
}
