using CacheSync.Redis;
using Microsoft.Extensions.Logging;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;

namespace CacheSync.Handlers;

/// <summary>A vertex was added or updated: its hash gets the new values, unless a newer commit is already cached.</summary>
public sealed partial class VertexCached(VertexCache cache) : IGraphEventHandler
{
    /// <inheritdoc />
    public async ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graphEvent);
        ArgumentNullException.ThrowIfNull(context);
        CacheWrite write = await cache.WriteAsync(graphEvent).ConfigureAwait(false);
        LogWrite(context.Logger, graphEvent.Kind, graphEvent.Id, graphEvent.CommitNum, write);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Kind} {VertexId} at commit {CommitNum}: {Write}")]
    private static partial void LogWrite(ILogger logger, GraphEventKind kind, string vertexId, long commitNum, CacheWrite write);
}
