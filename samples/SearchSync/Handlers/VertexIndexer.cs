using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;
using SearchSync.Search;

namespace SearchSync.Handlers;

/// <summary>
/// A vertex was added or updated: its whole document, at this commit, joins the batch's bulk request. An update
/// starts from the document queued earlier in the batch or stored in the index (updates from raw Neptune records
/// carry only the changed properties, and often no labels).
/// </summary>
public sealed partial class VertexIndexer(SearchIndex index, BulkBuffer bulk, SearchSyncOptions options) : IGraphEventHandler
{
    /// <inheritdoc />
    public async ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graphEvent);
        ArgumentNullException.ThrowIfNull(context);
        bool? chosen = graphEvent.Labels.Count > 0 ? graphEvent.Labels.Any(options.Labels.Contains) : null;
        if (chosen == false)
        {
            return;
        }

        JsonObject? document = graphEvent.Kind == GraphEventKind.VertexAdded
            ? VertexDocument.Create()
            : await CurrentDocumentAsync(graphEvent, chosen == true, cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            LogSkipped(context.Logger, graphEvent.Kind, graphEvent.Id, graphEvent.CommitNum);
            return;
        }

        VertexDocument.Apply(document, graphEvent);
        bulk.Put(new PendingWrite(graphEvent.Id, graphEvent.CommitNum, document));
    }

    private async Task<JsonObject?> CurrentDocumentAsync(GraphEvent graphEvent, bool labelled, CancellationToken cancellationToken)
    {
        if (bulk.Pending(graphEvent.Id) is { } queued)
        {
            // Deleted or already newer in this batch: the update has nothing to add.
            return queued.Version < graphEvent.CommitNum ? queued.Document?.DeepClone().AsObject() : null;
        }

        StoredDocument? stored = await index.GetAsync(graphEvent.Id, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            // Not indexed: index what the update says only when it names an indexed label itself.
            return labelled ? VertexDocument.Create() : null;
        }

        return stored.Version < graphEvent.CommitNum ? stored.Source : null;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Kind} {VertexId} at commit {CommitNum}: not indexed, or the index already holds this commit or a newer one")]
    private static partial void LogSkipped(ILogger logger, GraphEventKind kind, string vertexId, long commitNum);
}
