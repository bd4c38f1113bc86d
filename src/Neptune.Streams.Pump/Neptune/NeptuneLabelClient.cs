using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Neptune.Streams.Pump.Neptune;

/// <summary>
/// Looks up an element's labels (and an edge's endpoints) with a Gremlin query over HTTP (<c>POST /gremlin</c>), for
/// <c>vp</c>/<c>ep</c> records whose element the pump has not seen a label for. Reads Neptune's GraphSON 3 answer.
/// </summary>
internal sealed class NeptuneLabelClient
{
    private readonly HttpClient _http;
    private readonly Uri _gremlinUri;

    public NeptuneLabelClient(HttpClient http, Uri endpoint)
    {
        _http = http;
        _gremlinUri = new Uri(endpoint, "gremlin");
    }

    /// <summary>The element's labels, or null when it no longer exists.</summary>
    /// <exception cref="HttpRequestException">The query failed.</exception>
    public async Task<ElementLabels?> LookUpAsync(string id, bool isEdge, CancellationToken cancellationToken = default)
    {
        string literal = id.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);
        string query = isEdge
            ? $"g.E('{literal}').project('label','from','to').by(label).by(outV().id()).by(inV().id())"
            : $"g.V('{literal}').label()";
        var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("gremlin", query);
            writer.WriteEndObject();
        }

        using var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using HttpResponseMessage response = await _http.PostAsync(_gremlinUri, content, cancellationToken).ConfigureAwait(false);
        byte[] answer = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The label look-up answered HTTP {(int)response.StatusCode}: {Encoding.UTF8.GetString(answer, 0, Math.Min(answer.Length, 300))}");
        }

        return Read(answer, isEdge);
    }

    internal static ElementLabels? Read(byte[] answer, bool isEdge)
    {
        using JsonDocument document = JsonDocument.Parse(answer);
        JsonElement data = document.RootElement.GetProperty("result").GetProperty("data");
        JsonElement values = data.ValueKind == JsonValueKind.Object && data.TryGetProperty("@value", out var v) ? v : data;
        if (values.ValueKind != JsonValueKind.Array || values.GetArrayLength() == 0)
        {
            return null;
        }

        JsonElement first = values[0];
        if (!isEdge)
        {
            // Neptune returns a multi-label vertex's labels joined by "::".
            return first.ValueKind == JsonValueKind.String
                ? new ElementLabels(first.GetString()!.Split("::", StringSplitOptions.RemoveEmptyEntries))
                : null;
        }

        JsonElement map = first.ValueKind == JsonValueKind.Object && first.TryGetProperty("@value", out var m) ? m : first;
        string? label = null, from = null, to = null;
        if (map.ValueKind == JsonValueKind.Array)
        {
            for (int i = 0; i + 1 < map.GetArrayLength(); i += 2)
            {
                string? value = Scalar(map[i + 1]);
                switch (map[i].GetString())
                {
                    case "label": label = value; break;
                    case "from": from = value; break;
                    case "to": to = value; break;
                }
            }
        }
        else if (map.ValueKind == JsonValueKind.Object)
        {
            label = map.TryGetProperty("label", out var l) ? Scalar(l) : null;
            from = map.TryGetProperty("from", out var f) ? Scalar(f) : null;
            to = map.TryGetProperty("to", out var t) ? Scalar(t) : null;
        }

        return label is null ? null : new ElementLabels([label], from, to);
    }

    private static string? Scalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Object when element.TryGetProperty("@value", out var inner) => Scalar(inner),
        JsonValueKind.Undefined or JsonValueKind.Null => null,
        _ => element.GetRawText(),
    };
}
