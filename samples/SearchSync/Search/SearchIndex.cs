using System.Text.Json.Nodes;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Bulk;
using Elastic.Clients.Elasticsearch.Serialization;
using Elastic.Transport;

namespace SearchSync.Search;

/// <summary>The vertex index in Elasticsearch: reads one document, writes a batch's documents in one bulk request.</summary>
public sealed class SearchIndex
{
    private const string VersionConflict = "version_conflict_engine_exception";

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
    public async Task<StoredDocument?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var response = await _client.GetAsync<JsonObject>(_index, id, cancellationToken).ConfigureAwait(false);
        if (response.Found && response.Source is { } source && response.Version is { } version)
        {
            return new StoredDocument(source, version);
        }

        if (response.ApiCallDetails.HttpStatusCode == 404)
        {
            return null;
        }

        throw new SearchSyncException(
            $"Reading document {id} from index {_index} failed (HTTP {response.ApiCallDetails.HttpStatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}).",
            response.ApiCallDetails.OriginalException!);
    }

    /// <summary>
    /// Writes the documents in one bulk request, each with its commit number as external version. An item refused with
    /// <c>version_conflict_engine_exception</c> counts as done: Elasticsearch holds that commit or a newer one.
    /// </summary>
    /// <exception cref="SearchSyncException">The request failed, or items failed for another reason.</exception>
    public async Task<BulkOutcome> BulkAsync(IReadOnlyCollection<PendingWrite> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var operations = new BulkOperationsCollection();
        foreach (PendingWrite write in writes)
        {
            operations.Add(write.Document is { } document
                ? new BulkIndexOperation<JsonObject>(document) { Id = write.Id, Version = write.Version, VersionType = VersionType.External }
                : new BulkDeleteOperation(write.Id) { Version = write.Version, VersionType = VersionType.External });
        }

        var response = await _client.BulkAsync(new BulkRequest(_index) { Operations = operations }, cancellationToken).ConfigureAwait(false);
        if (response.ApiCallDetails.HttpStatusCode != 200 || response.Items is null)
        {
            throw new SearchSyncException(
                $"The bulk request of {writes.Count} document(s) to index {_index} failed (HTTP {response.ApiCallDetails.HttpStatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}).",
                response.ApiCallDetails.OriginalException!);
        }

        int written = 0, stale = 0;
        var failures = new List<string>();
        foreach (ResponseItem item in response.Items)
        {
            if (item.Status is >= 200 and < 300 || (item.Operation == "delete" && item.Status == 404))
            {
                // A delete of a document that is not there still records its version: done.
                written++;
            }
            else if (item.Status == 409 && item.Error?.Type == VersionConflict)
            {
                stale++;
            }
            else
            {
                // Only the id and the error type: an error's reason can quote property values.
                failures.Add($"{item.Id} ({item.Status}: {item.Error?.Type ?? "no error type"})");
            }
        }

        if (failures.Count > 0)
        {
            throw new SearchSyncException(
                $"{failures.Count} of {writes.Count} bulk item(s) failed in index {_index}: {string.Join(", ", failures.Take(10))}.");
        }

        return new BulkOutcome(written, stale);
    }
}
