namespace Neptune.Streams.Pump.Neptune;

/// <summary>Which of Neptune's streams the pump reads.</summary>
public enum NeptuneStreamKind
{
    /// <summary><c>/propertygraph/stream</c>: Gremlin and openCypher changes in PG_JSON.</summary>
    PropertyGraph,

    /// <summary><c>/sparql/stream</c>: RDF changes in NQUADS.</summary>
    Sparql,
}
