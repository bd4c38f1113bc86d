namespace Neptune.Streams.Local.NeptuneEndpoint;

/// <summary>What the local graph holds for one vertex or edge.</summary>
internal sealed class ElementState
{
    public required string Id { get; init; }

    /// <summary>A vertex's labels, or an edge's one label.</summary>
    public List<string> Labels { get; } = [];

    /// <summary>An edge's source vertex; null for a vertex.</summary>
    public string? From { get; init; }

    /// <summary>An edge's target vertex; null for a vertex.</summary>
    public string? To { get; init; }

    /// <summary>Properties in insertion order, encoded as Neptune writes them.</summary>
    public List<KeyValuePair<string, (object Value, string DataType)>> Properties { get; } = [];

    public bool IsEdge => From is not null;

    public int IndexOf(string key) => Properties.FindIndex(p => p.Key == key);
}
