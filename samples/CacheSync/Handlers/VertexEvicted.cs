using CacheSync.Redis;
using Microsoft.Extensions.Logging;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;

namespace CacheSync.Handlers;

/// <summary>A vertex was deleted: its hash goes, and a tombstone keeps older changes from bringing it back.</summary>
public sealed partial class VertexEvicted(VertexCache cache) : IGraphEventHandler
{
    /// <inheritdoc />
    public async ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graphEvent);
        ArgumentNullException.ThrowIfNull(context);
        CacheWrite write = await cache.DeleteAsync(graphEvent).ConfigureAwait(false);
        LogDelete(context.Logger, graphEvent.Id, graphEvent.CommitNum, write);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "VertexDeleted {VertexId} at commit {CommitNum}: {Write}")]
    private static partial void LogDelete(ILogger logger, string vertexId, long commitNum, CacheWrite write);
}
