using System.Globalization;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Local.NeptuneEndpoint;

namespace QuickStart.View;

/// <summary>
/// The graph rebuilt from graph events alone — vertices with labels and properties, edges with endpoints — applying
/// each event as "last writer wins per property, deletes win": an add or update upserts the element and sets each
/// changed property to its new values (or removes it), a delete removes the element. Snapshot events are adds.
/// </summary>
public sealed class MaterializedView
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ViewElement> _vertices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ViewElement> _edges = new(StringComparer.Ordinal);

    /// <summary>Applies one event.</summary>
    public void Apply(GraphEvent graphEvent)
    {
        ArgumentNullException.ThrowIfNull(graphEvent);
        if (!graphEvent.IsVertex && !graphEvent.IsEdge)
        {
            return;
        }

        lock (_gate)
        {
            Dictionary<string, ViewElement> elements = graphEvent.IsVertex ? _vertices : _edges;
            if (graphEvent.Kind is GraphEventKind.VertexDeleted or GraphEventKind.EdgeDeleted)
            {
                elements.Remove(graphEvent.Id);
                return;
            }

            if (!elements.TryGetValue(graphEvent.Id, out ViewElement? element))
            {
                elements[graphEvent.Id] = element = new ViewElement();
            }

            element.Labels.UnionWith(graphEvent.Labels);
            element.From = graphEvent.From ?? element.From;
            element.To = graphEvent.To ?? element.To;
            foreach (PropertyChange change in graphEvent.Properties)
            {
                if (change.NewValues.Count > 0)
                {
                    element.Properties[change.Name] = change.NewValues;
                }
                else
                {
                    element.Properties.Remove(change.Name);
                }
            }
        }
    }

    /// <summary>Compares the view with the graph; returns the number of vertices and edges and the first differences (empty when equal).</summary>
    public (int Vertices, int Edges, IReadOnlyList<string> Differences) CompareWith(LocalGraph graph, int maxDifferences = 5)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var differences = new List<string>();
        IReadOnlyList<LocalElement> elements = graph.ReadElements();
        lock (_gate)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (LocalElement expected in elements)
            {
                string what = expected.IsEdge ? "edge" : "vertex";
                seen.Add(what + expected.Id);
                if (!(expected.IsEdge ? _edges : _vertices).TryGetValue(expected.Id, out ViewElement? actual))
                {
                    differences.Add($"{what} {expected.Id} is in the graph, not in the view");
                    continue;
                }

                if (!actual.Labels.SetEquals(expected.Labels))
                {
                    differences.Add($"{what} {expected.Id}: labels [{string.Join(',', actual.Labels)}] in the view, [{string.Join(',', expected.Labels)}] in the graph");
                }

                if (expected.IsEdge && (actual.From != expected.From || actual.To != expected.To))
                {
                    differences.Add($"edge {expected.Id}: endpoints {actual.From}->{actual.To} in the view, {expected.From}->{expected.To} in the graph");
                }

                foreach (LocalProperty property in expected.Properties)
                {
                    if (!actual.Properties.TryGetValue(property.Name, out var values) || values.Count != 1 || !SameValue(property, values[0]))
                    {
                        differences.Add($"{what} {expected.Id}: property '{property.Name}' differs");
                    }
                }

                foreach (string name in actual.Properties.Keys.Where(n => !expected.Properties.Any(p => p.Name == n)))
                {
                    differences.Add($"{what} {expected.Id}: property '{name}' is in the view, not in the graph");
                }
            }

            foreach (string id in _vertices.Keys.Where(id => !seen.Contains("vertex" + id)))
            {
                differences.Add($"vertex {id} is in the view, not in the graph");
            }

            foreach (string id in _edges.Keys.Where(id => !seen.Contains("edge" + id)))
            {
                differences.Add($"edge {id} is in the view, not in the graph");
            }
        }

        return (elements.Count(e => !e.IsEdge), elements.Count(e => e.IsEdge), differences.Take(maxDifferences).ToList());
    }

    // The stream carries Neptune's data types; a snapshot read through openCypher carries JSON types only (whole
    // numbers as Long, dates as ISO-8601 text), so values are compared as what they mean, not by their type names.
    private static bool SameValue(LocalProperty expected, PropertyValue actual) => expected.Value switch
    {
        long ms when expected.DataType == "Date" => actual.TryGetDateTimeOffset(out DateTimeOffset at) && at.ToUnixTimeMilliseconds() == ms,
        string s => actual.Kind == PropertyValueKind.String && actual.Text == s,
        bool b => actual.TryGetBoolean(out bool value) && value == b,
        long l => actual.TryGetInt64(out long value) && value == l,
        double d => actual.TryGetDouble(out double value) && value.Equals(d),
        _ => string.Equals(actual.Text, Convert.ToString(expected.Value, CultureInfo.InvariantCulture), StringComparison.Ordinal),
    };
}
