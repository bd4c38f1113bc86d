using System.Text.Json;
using System.Text.RegularExpressions;

namespace Neptune.Streams.Local.NeptuneEndpoint;

/// <summary>
/// Answers the two Gremlin queries the pump sends when its label cache misses, in Neptune's GraphSON 3 response shape:
/// <c>g.V('id').label()</c> → <c>result.data</c> a <c>g:List</c> of one label string (several labels joined by <c>::</c>,
/// as Neptune does), and <c>g.E('id').project('label','from','to').by(label).by(outV().id()).by(inV().id())</c> → a
/// <c>g:List</c> of one <c>g:Map</c>. An element that does not exist gives an empty list. Any other query is rejected
/// with HTTP 400 <c>MalformedQueryException</c>: this is not a Gremlin server.
/// </summary>
internal static partial class GremlinLabelLookup
{
    [GeneratedRegex(@"^g\.V\('((?:[^'\\]|\\.)*)'\)\.label\(\)$")]
    private static partial Regex VertexLabelQuery();

    [GeneratedRegex(@"^g\.E\('((?:[^'\\]|\\.)*)'\)\.project\('label','from','to'\)\.by\(label\)\.by\(outV\(\)\.id\(\)\)\.by\(inV\(\)\.id\(\)\)$")]
    private static partial Regex EdgeQuery();

    /// <summary>Returns the response body, or null when the query is not one of the two.</summary>
    public static byte[]? Answer(LocalGraph graph, string query, string requestId)
    {
        query = query.Trim();
        Match vertex = VertexLabelQuery().Match(query);
        Match edge = vertex.Success ? Match.Empty : EdgeQuery().Match(query);
        if (!vertex.Success && !edge.Success)
        {
            return null;
        }

        string id = Regex.Unescape(vertex.Success ? vertex.Groups[1].Value : edge.Groups[1].Value);
        var found = graph.Describe(id);
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("requestId", requestId);
            writer.WriteStartObject("status");
            writer.WriteString("message", string.Empty);
            writer.WriteNumber("code", 200);
            WriteEmptyMap(writer, "attributes");
            writer.WriteEndObject();
            writer.WriteStartObject("result");
            writer.WriteStartObject("data");
            writer.WriteString("@type", "g:List");
            writer.WriteStartArray("@value");
            if (found is { } element && vertex.Success && element.From is null)
            {
                writer.WriteStringValue(string.Join("::", element.Labels));
            }
            else if (found is { } e && edge.Success && e.From is not null)
            {
                writer.WriteStartObject();
                writer.WriteString("@type", "g:Map");
                writer.WriteStartArray("@value");
                writer.WriteStringValue("label");
                writer.WriteStringValue(e.Labels[0]);
                writer.WriteStringValue("from");
                writer.WriteStringValue(e.From);
                writer.WriteStringValue("to");
                writer.WriteStringValue(e.To);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            WriteEmptyMap(writer, "meta");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteEmptyMap(Utf8JsonWriter writer, string name)
    {
        writer.WriteStartObject(name);
        writer.WriteString("@type", "g:Map");
        writer.WriteStartArray("@value");
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
