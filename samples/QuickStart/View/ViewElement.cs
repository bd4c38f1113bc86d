using Neptune.Streams.Lambda.GraphEvents;

namespace QuickStart.View;

/// <summary>What the view holds for one vertex or edge.</summary>
internal sealed class ViewElement
{
    public HashSet<string> Labels { get; } = new(StringComparer.Ordinal);

    public string? From { get; set; }

    public string? To { get; set; }

    public Dictionary<string, IReadOnlyList<PropertyValue>> Properties { get; } = new(StringComparer.Ordinal);
}
