namespace Neptune.Streams.Local.NeptuneEndpoint;

/// <summary>Reading the graph's current state: for the openCypher snapshot queries and for comparing a view with it.</summary>
public sealed partial class LocalGraph
{
    /// <summary>Every vertex, then every edge, as they are now, each kind in ordinal id order.</summary>
    public IReadOnlyList<LocalElement> ReadElements()
    {
        lock (_gate)
        {
            return [.. Copy(_vertices.Values, string.Empty, int.MaxValue), .. Copy(_edges.Values, string.Empty, int.MaxValue)];
        }
    }

    /// <summary>Up to <paramref name="limit"/> vertices (or edges) whose id sorts after <paramref name="after"/> (ordinal), in id order.</summary>
    internal List<LocalElement> ReadPage(bool edges, string after, int limit)
    {
        lock (_gate)
        {
            return Copy(edges ? _edges.Values : _vertices.Values, after, limit);
        }
    }

    private static List<LocalElement> Copy(IEnumerable<ElementState> elements, string after, int limit) =>
        [.. elements
            .Where(e => string.CompareOrdinal(e.Id, after) > 0)
            .OrderBy(e => e.Id, StringComparer.Ordinal)
            .Take(limit)
            .Select(e => new LocalElement(e.Id, [.. e.Labels], e.From, e.To, [.. e.Properties.Select(p => new LocalProperty(p.Key, p.Value.Value, p.Value.DataType))]))];
}
