using System.Globalization;
using System.Text;
using System.Text.Json;
using Neptune.Streams.Pump.Pumping;

namespace Neptune.Streams.Pump.Snapshot;

/// <summary>
/// Sends openCypher queries to Neptune's HTTPS endpoint as its documentation describes: <c>POST /openCypher</c> with
/// the form fields <c>query</c> and <c>parameters</c> (a JSON object), answered with <c>{"results":[…]}</c>. Signing
/// for IAM clusters is done by the <see cref="HttpClient"/>'s handler, as for the stream API.
/// </summary>
internal sealed class OpenCypherClient(HttpClient http, Uri endpoint)
{
    private readonly Uri _uri = new(endpoint, "openCypher");

    /// <summary>The rows of the answer (each a JSON object), cloned so the document can go.</summary>
    /// <exception cref="TransientStreamException">Throttled, timed out or a server error: retry.</exception>
    /// <exception cref="SnapshotQueryException">Refused for good (bad query, access denied).</exception>
    public async Task<List<JsonElement>> QueryAsync(string query, string after, int limit, CancellationToken cancellationToken)
    {
        var parameters = new MemoryStream();
        using (var writer = new Utf8JsonWriter(parameters))
        {
            writer.WriteStartObject();
            writer.WriteString("after", after);
            writer.WriteNumber("limit", limit);
            writer.WriteEndObject();
        }

        using var content = new FormUrlEncodedContent(
        [
            new("query", query),
            new("parameters", Encoding.UTF8.GetString(parameters.ToArray())),
        ]);
        using var request = new HttpRequestMessage(HttpMethod.Post, _uri) { Content = content };
        request.Headers.Accept.ParseAdd("application/json");
        HttpResponseMessage response;
        byte[] body;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransientStreamException("The openCypher query timed out.", ex);
        }

        using var scope = response;
        int status = (int)response.StatusCode;
        if (status is 429 or >= 500)
        {
            throw new TransientStreamException(string.Create(CultureInfo.InvariantCulture, $"The openCypher query answered HTTP {status}: {Excerpt(body)}"));
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new SnapshotQueryException(string.Create(CultureInfo.InvariantCulture, $"Neptune refused the snapshot query (HTTP {status}): {Excerpt(body)}"));
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("results", out JsonElement results) || results.ValueKind != JsonValueKind.Array)
            {
                throw new SnapshotQueryException("The openCypher answer has no \"results\" array.");
            }

            var rows = new List<JsonElement>(results.GetArrayLength());
            foreach (JsonElement row in results.EnumerateArray())
            {
                rows.Add(row.Clone());
            }

            return rows;
        }
        catch (JsonException ex)
        {
            throw new SnapshotQueryException("The openCypher answer is not JSON.", ex);
        }
    }

    // Error bodies are Neptune's messages about the query, never property values.
    private static string Excerpt(byte[] body) => Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300));
}
