using System.Globalization;
using System.Text.Json;
using Neptune.Streams.Local.NeptuneEndpoint;

namespace Neptune.Streams.Pump.Tests.Snapshot;

/// <summary>
/// A sink of the kind the snapshot converges for — last writer wins per property, deletes win — built straight from
/// the envelopes' PG_JSON records (independently of the consumer library), and compared with the graph.
/// </summary>
internal sealed class EnvelopeView
{
    private readonly Dictionary<string, (HashSet<string> Labels, Dictionary<string, JsonElement> Properties)> _vertices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Label, string From, string To, Dictionary<string, JsonElement> Properties)> _edges = new(StringComparer.Ordinal);

    public void Apply(JsonElement envelope)
    {
        foreach (JsonElement record in envelope.GetProperty("records").EnumerateArray())
        {
            JsonElement data = record.GetProperty("data");
            string id = data.GetProperty("id").GetString()!;
            bool add = record.GetProperty("op").GetString() == "ADD";
            JsonElement value = data.GetProperty("value").GetProperty("value");
            string key = data.GetProperty("key").GetString()!;
            switch (data.GetProperty("type").GetString())
            {
                case "vl" when add:
                    Vertex(id).Labels.Add(value.GetString()!);
                    break;
                case "vl":
                    _vertices.Remove(id);
                    break;
                case "vp" when add:
                    Vertex(id).Properties[key] = value.Clone();
                    break;
                case "vp":
                    if (_vertices.TryGetValue(id, out var v))
                    {
                        v.Properties.Remove(key);
                    }

                    break;
                case "e" when add:
                    var props = _edges.TryGetValue(id, out var existing) ? existing.Properties : new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                    _edges[id] = (value.GetString()!, data.GetProperty("from").GetString()!, data.GetProperty("to").GetString()!, props);
                    break;
                case "e":
                    _edges.Remove(id);
                    break;
                case "ep" when add:
                    if (!_edges.TryGetValue(id, out var edge))
                    {
                        _edges[id] = edge = (string.Empty, string.Empty, string.Empty, new Dictionary<string, JsonElement>(StringComparer.Ordinal));
                    }

                    edge.Properties[key] = value.Clone();
                    break;
                case "ep":
                    if (_edges.TryGetValue(id, out var e))
                    {
                        e.Properties.Remove(key);
                    }

                    break;
            }
        }
    }

    public List<string> DifferencesFrom(LocalGraph graph)
    {
        var differences = new List<string>();
        IReadOnlyList<LocalElement> elements = graph.ReadElements();
        foreach (LocalElement expected in elements)
        {
            Dictionary<string, JsonElement> properties;
            if (expected.IsEdge)
            {
                if (!_edges.TryGetValue(expected.Id, out var edge) || edge.Label != expected.Labels[0] || edge.From != expected.From || edge.To != expected.To)
                {
                    differences.Add($"edge {expected.Id} missing or different");
                    continue;
                }

                properties = edge.Properties;
            }
            else
            {
                if (!_vertices.TryGetValue(expected.Id, out var vertex) || !vertex.Labels.SetEquals(expected.Labels))
                {
                    differences.Add($"vertex {expected.Id} missing or different");
                    continue;
                }

                properties = vertex.Properties;
            }

            if (properties.Count != expected.Properties.Count
                || expected.Properties.Any(p => !properties.TryGetValue(p.Name, out JsonElement actual) || !Same(p, actual)))
            {
                differences.Add($"{expected.Id}: properties differ");
            }
        }

        differences.AddRange(_vertices.Keys.Except(elements.Where(e => !e.IsEdge).Select(e => e.Id)).Select(id => $"vertex {id} only in the view"));
        differences.AddRange(_edges.Keys.Except(elements.Where(e => e.IsEdge).Select(e => e.Id)).Select(id => $"edge {id} only in the view"));
        return differences;
    }

    private (HashSet<string> Labels, Dictionary<string, JsonElement> Properties) Vertex(string id)
    {
        if (!_vertices.TryGetValue(id, out var vertex))
        {
            _vertices[id] = vertex = (new HashSet<string>(StringComparer.Ordinal), new Dictionary<string, JsonElement>(StringComparer.Ordinal));
        }

        return vertex;
    }

    // A snapshot answers in JSON types (dates as ISO-8601 text); the stream in Neptune's (dates as epoch ms).
    private static bool Same(LocalProperty expected, JsonElement actual) => expected.Value switch
    {
        long ms when expected.DataType == "Date" => actual.ValueKind == JsonValueKind.Number
            ? actual.GetInt64() == ms
            : DateTimeOffset.Parse(actual.GetString()!, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() == ms,
        string s => actual.ValueKind == JsonValueKind.String && actual.GetString() == s,
        bool b => actual.ValueKind == (b ? JsonValueKind.True : JsonValueKind.False),
        long l => actual.ValueKind == JsonValueKind.Number && actual.GetInt64() == l,
        double d => actual.ValueKind == JsonValueKind.Number && actual.GetDouble().Equals(d),
        _ => false,
    };
}
