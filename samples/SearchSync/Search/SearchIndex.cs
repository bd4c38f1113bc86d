using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Serialization;
using Elastic.Transport;

namespace SearchSync.Search;

/// <summary>
/// The vertex index in Elasticsearch: reads one document, writes a batch's documents in one bulk request.
/// </summary>
/// <remarks>
/// Requests go through the Elasticsearch client's transport (node pool, authentication, product check, compression),
/// but the bulk body and the answers are written and read here with System.Text.Json: the client's typed bulk and get
/// APIs build some converters at run time and fail under Native AOT (seen with 9.5.3 although the analyzers are quiet).
/// </remarks>
public sealed class SearchIndex
{
    private const string VersionConflict = "version_conflict_engine_exception";
    // Elasticsearch wants a compatible-with version on both headers or on neither; the client's Accept carries one.
    private static readonly RequestConfiguration NdjsonRequest = new()
    {
        ContentType = "application/vnd.elasticsearch+x-ndjson; compatible-with=9",
        Accept = "application/vnd.elasticsearch+json; compatible-with=9",
    };

    private readonly ElasticsearchClient _client;
    private readonly string _index;

    /// <summary>Creates the client for the configured endpoint and index.</summary>
    public SearchIndex(SearchSyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = new ElasticsearchClientSettings(
            new SingleNodePool(options.Endpoint),
            (_, s) => new DefaultSourceSerializer(s, SearchSyncJsonContext.Default));
        settings.DefaultIndex(options.Index);
        if (options.ApiKey is { } apiKey)
        {
            settings.Authentication(new ApiKey(apiKey));
        }

        _client = new ElasticsearchClient(settings);
        _index = options.Index;
    }

    /// <summary>The document of a vertex, or null when the index has none.</summary>
    /// <exception cref="SearchSyncException">Elasticsearch did not answer with the document or a 404.</exception>
    public async Task<StoredDocument?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var path = new EndpointPath(Elastic.Transport.HttpMethod.GET, $"/{_index}/_doc/{Uri.EscapeDataString(id)}");
        var response = await _client.Transport.RequestAsync<BytesResponse>(path, null, null, null, cancellationToken).ConfigureAwait(false);
        int? status = response.ApiCallDetails.HttpStatusCode;
        if (status == 404)
        {
            return null;
        }

        if (status == 200 && Parse(response.Body) is { } answer
            && answer["_source"] is JsonObject source && answer["_version"] is JsonValue version)
        {
            return new StoredDocument(source, version.GetValue<long>());
        }

        throw new SearchSyncException($"Reading document {id} from index {_index} failed (HTTP {Status(status)}).", response.ApiCallDetails.OriginalException!);
    }

    /// <summary>
    /// Writes the documents in one bulk request, each with its commit number as external version. An item refused with
    /// <c>version_conflict_engine_exception</c> counts as done: Elasticsearch holds that commit or a newer one.
    /// </summary>
    /// <exception cref="SearchSyncException">The request failed, or items failed for another reason.</exception>
    public async Task<BulkOutcome> BulkAsync(IReadOnlyCollection<PendingWrite> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var path = new EndpointPath(Elastic.Transport.HttpMethod.POST, $"/{_index}/_bulk");
        var response = await _client.Transport.RequestAsync<BytesResponse>(path, PostData.ReadOnlyMemory(BulkBody.Write(writes)), null, NdjsonRequest, cancellationToken)
            .ConfigureAwait(false);
        if (response.ApiCallDetails.HttpStatusCode != 200 || Parse(response.Body)?["items"] is not JsonArray items)
        {
            throw new SearchSyncException(
                $"The bulk request of {writes.Count} document(s) to index {_index} failed (HTTP {Status(response.ApiCallDetails.HttpStatusCode)}).",
                response.ApiCallDetails.OriginalException!);
        }

        int written = 0, stale = 0;
        var failures = new List<string>();
        foreach (JsonObject item in items.OfType<JsonObject>())
        {
            var (operation, result) = item.First();
            int status = result?["status"]?.GetValue<int>() ?? 0;
            string? errorType = result?["error"]?["type"]?.GetValue<string>();
            if (status is >= 200 and < 300 || (operation == "delete" && status == 404 && errorType is null))
            {
                // A delete of a document that is not there still records its version: done.
                written++;
            }
            else if (status == 409 && errorType == VersionConflict)
            {
                stale++;
            }
            else
            {
                // Only the id and the error type: an error's reason can quote property values.
                failures.Add($"{result?["_id"]} ({status}: {errorType ?? "no error type"})");
            }
        }

        if (failures.Count > 0 || written + stale != writes.Count)
        {
            throw new SearchSyncException(
                $"{writes.Count - written - stale} of {writes.Count} bulk item(s) failed in index {_index}: {string.Join(", ", failures.Take(10))}.");
        }

        return new BulkOutcome(written, stale);
    }

    private static JsonNode? Parse(byte[]? body)
    {
        try
        {
            return body is { Length: > 0 } ? JsonNode.Parse(body) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Status(int? status) => status?.ToString(CultureInfo.InvariantCulture) ?? "none";
}
