namespace Neptune.Streams.Local.NeptuneEndpoint;

/// <summary>A vertex or edge of a <see cref="LocalGraph"/> as it is now (a copy).</summary>
/// <param name="Id">The element id.</param>
/// <param name="Labels">A vertex's labels, or an edge's one label.</param>
/// <param name="From">An edge's source vertex; null for a vertex.</param>
/// <param name="To">An edge's target vertex; null for a vertex.</param>
/// <param name="Properties">The properties in insertion order, encoded as Neptune writes them in its stream.</param>
public sealed record LocalElement(string Id, IReadOnlyList<string> Labels, string? From, string? To, IReadOnlyList<LocalProperty> Properties)
{
    /// <summary>True for an edge.</summary>
    public bool IsEdge => From is not null;
}
