namespace Neptune.Streams.Lambda.GraphEvents;

/// <summary>What one commit did to one property of a vertex or edge.</summary>
public sealed class PropertyChange
{
    internal PropertyChange(string name, IReadOnlyList<PropertyValue>? oldValues, IReadOnlyList<PropertyValue>? newValues)
    {
        Name = name;
        OldValues = oldValues ?? (IReadOnlyList<PropertyValue>)[];
        NewValues = newValues ?? (IReadOnlyList<PropertyValue>)[];
    }

    /// <summary>The property's name (key).</summary>
    public string Name { get; }

    /// <summary>Added, removed or changed.</summary>
    public PropertyChangeKind Kind => (OldValues.Count, NewValues.Count) switch
    {
        (0, _) => PropertyChangeKind.Added,
        (_, 0) => PropertyChangeKind.Removed,
        _ => PropertyChangeKind.Changed,
    };

    /// <summary>The values removed (several for a set-cardinality property).</summary>
    public IReadOnlyList<PropertyValue> OldValues { get; }

    /// <summary>The values added (several for a set-cardinality property).</summary>
    public IReadOnlyList<PropertyValue> NewValues { get; }

    /// <summary>The first removed value, or null.</summary>
    public PropertyValue? OldValue => OldValues.Count > 0 ? OldValues[0] : null;

    /// <summary>The first added value, or null.</summary>
    public PropertyValue? NewValue => NewValues.Count > 0 ? NewValues[0] : null;
}
