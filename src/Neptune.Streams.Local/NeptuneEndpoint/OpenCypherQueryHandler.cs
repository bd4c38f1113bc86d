using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Neptune.Streams.Pump.Snapshot;

namespace Neptune.Streams.Local.NeptuneEndpoint;

/// <summary>
/// Answers Neptune's openCypher HTTPS form (<c>POST /openCypher</c>, form fields <c>query</c> and <c>parameters</c>, or
/// the <c>neptunedata</c> SDK's JSON body <c>{"query","parameters"}</c>; or <c>GET</c> with both in the query string) for
/// the two queries the pump's snapshot sends (<see cref="SnapshotQueries"/>), from the graph's current state, with
/// Neptune's answer shape <c>{"results":[…]}</c>. Dates are answered as ISO-8601 strings, as Neptune's openCypher
/// JSON does. Any other query is rejected with HTTP 400 <c>MalformedQueryException</c>: this is not an openCypher engine.
/// </summary>
internal static partial class OpenCypherQueryHandler
{
    private static readonly string Vertices = Normalize(SnapshotQueries.Vertices);
    private static readonly string Edges = Normalize(SnapshotQueries.Edges);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>The HTTP status and body answering one request.</summary>
    /// <param name="graph">The graph to read.</param>
    /// <param name="contentType">The request's content type (form or JSON).</param>
    /// <param name="body">The request body (empty for GET).</param>
    /// <param name="urlQuery">The request URL's query string, without <c>?</c>.</param>
    /// <param name="requestId">The request id for error bodies.</param>
    public static (int Status, byte[] Body) Answer(LocalGraph graph, string? contentType, ReadOnlySpan<byte> body, string? urlQuery, string requestId)
    {
        ArgumentNullException.ThrowIfNull(graph);
        Dictionary<string, string> fields;
        try
        {
            fields = contentType is not null && contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
                ? ReadJson(body)
                : ReadForm(Encoding.UTF8.GetString(body));
            foreach (var (key, value) in ReadForm(urlQuery ?? string.Empty))
            {
                fields.TryAdd(key, value);
            }
        }
        catch (JsonException)
        {
            return Error(requestId, "BadRequestException", "The request body is not JSON.");
        }

        if (!fields.TryGetValue("query", out string? query) || query.Length == 0)
        {
            return Error(requestId, "MissingParameterException", "The request has no 'query'.");
        }

        string shape = Normalize(query);
        bool edges = shape == Edges;
        if (!edges && shape != Vertices)
        {
            return Error(requestId, "MalformedQueryException",
                "The local Neptune endpoint answers only the pump's two snapshot queries (SnapshotQueries.Vertices and SnapshotQueries.Edges); it is not an openCypher engine.");
        }

        string after;
        int limit;
        try
        {
            using JsonDocument parameters = JsonDocument.Parse(fields.TryGetValue("parameters", out string? p) ? p : "{}");
            after = parameters.RootElement.GetProperty("after").GetString() ?? throw new KeyNotFoundException();
            limit = parameters.RootElement.GetProperty("limit").GetInt32();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return Error(requestId, "InvalidParameterException", "The snapshot queries need 'parameters' with a string 'after' and an integer 'limit'.");
        }

        if (limit < 0)
        {
            return Error(requestId, "InvalidParameterException", "'limit' cannot be negative.");
        }

        return (200, WriteResults(graph.ReadPage(edges, after, limit), edges));
    }

    private static byte[] WriteResults(List<LocalElement> elements, bool edges)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("results");
            foreach (LocalElement element in elements)
            {
                writer.WriteStartObject();
                writer.WriteString("id", element.Id);
                if (edges)
                {
                    writer.WriteString("label", element.Labels[0]);
                    writer.WriteString("from", element.From);
                    writer.WriteString("to", element.To);
                }
                else
                {
                    writer.WriteStartArray("labels");
                    foreach (string label in element.Labels)
                    {
                        writer.WriteStringValue(label);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteStartObject("properties");
                foreach (LocalProperty property in element.Properties)
                {
                    writer.WritePropertyName(property.Name);
                    WriteValue(writer, property);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, LocalProperty property)
    {
        switch (property.Value)
        {
            case long ms when property.DataType == "Date":
                writer.WriteStringValue(DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case double d:
                writer.WriteNumberValue(d);
                break;
            default:
                writer.WriteStringValue(Convert.ToString(property.Value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static Dictionary<string, string> ReadJson(ReadOnlySpan<byte> body)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        using JsonDocument document = JsonDocument.Parse(body.ToArray());
        foreach (JsonProperty property in document.RootElement.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                fields[property.Name] = property.Value.GetString()!;
            }
            else if (property.Value.ValueKind == JsonValueKind.Object)
            {
                fields[property.Name] = property.Value.GetRawText();
            }
        }

        return fields;
    }

    private static Dictionary<string, string> ReadForm(string form)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in form.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            string key = Decode(equals < 0 ? pair : pair[..equals]);
            fields[key] = equals < 0 ? string.Empty : Decode(pair[(equals + 1)..]);
        }

        return fields;
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    private static string Normalize(string query) => Whitespace().Replace(query.Trim().TrimEnd(';'), " ").Trim();

    private static (int, byte[]) Error(string requestId, string code, string message) =>
        (400, StreamPageWriter.WriteError(new StreamError(400, code, message), requestId));
}
