using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;
using SearchSync.Search;

namespace SearchSync.Handlers;

/// <summary>
/// A vertex was deleted: its document's delete, versioned with the commit number, joins the batch's bulk request.
/// Elasticsearch keeps the deleted version for <c>index.gc_deletes</c> (60 s by default), refusing older writes.
/// </summary>
public sealed class VertexRemover(BulkBuffer bulk, SearchSyncOptions options) : IGraphEventHandler
{
    /// <inheritdoc />
    public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graphEvent);
        if (graphEvent.Labels.Count == 0 || graphEvent.Labels.Any(options.Labels.Contains))
        {
            bulk.Put(new PendingWrite(graphEvent.Id, graphEvent.CommitNum, null));
        }

        return ValueTask.CompletedTask;
    }
}
