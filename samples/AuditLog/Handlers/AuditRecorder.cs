using AuditLog.Audit;
using Microsoft.Extensions.Logging;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;

namespace AuditLog.Handlers;

/// <summary>Every graph event becomes one audit item; a replayed event finds its item and writes nothing.</summary>
public sealed partial class AuditRecorder(AuditTable table) : IGraphEventHandler
{
    /// <inheritdoc />
    public async ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graphEvent);
        ArgumentNullException.ThrowIfNull(context);
        if (!await table.WriteAsync(graphEvent, cancellationToken).ConfigureAwait(false))
        {
            LogAlreadyRecorded(context.Logger, graphEvent.Kind, graphEvent.Id, context.IdempotencyKey);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Kind} {ElementId} (Neptune event {NeptuneEventId}) was recorded before: nothing written")]
    private static partial void LogAlreadyRecorded(ILogger logger, GraphEventKind kind, string elementId, string neptuneEventId);
}
