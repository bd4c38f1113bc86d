namespace Neptune.Streams.Lambda.GraphEvents;

/// <summary>The kind of an RDF term.</summary>
public enum RdfTermKind
{
    /// <summary>An IRI.</summary>
    Iri,

    /// <summary>A blank node.</summary>
    BlankNode,

    /// <summary>A literal, with a datatype or a language tag.</summary>
    Literal,
}
