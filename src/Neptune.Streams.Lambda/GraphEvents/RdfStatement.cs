namespace Neptune.Streams.Lambda.GraphEvents;

/// <summary>An RDF statement (a triple, or a quad when <see cref="Graph"/> is set).</summary>
/// <param name="Subject">An IRI or blank node.</param>
/// <param name="Predicate">An IRI.</param>
/// <param name="Object">An IRI, blank node or literal.</param>
/// <param name="Graph">The named graph, or null for the default graph.</param>
public sealed record RdfStatement(RdfTerm Subject, RdfTerm Predicate, RdfTerm Object, RdfTerm? Graph)
{
    /// <summary>The statement in N-Quads syntax, without the line break.</summary>
    public override string ToString() =>
        Graph is null ? $"{Subject} {Predicate} {Object} ." : $"{Subject} {Predicate} {Object} {Graph} .";
}
