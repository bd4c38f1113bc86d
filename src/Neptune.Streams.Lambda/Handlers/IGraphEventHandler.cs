using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.Handlers;

/// <summary>
/// Handles graph events routed to it by kind and label. Implementations are small classes, one per concern, resolved
/// from the function's service provider once per batch.
/// </summary>
public interface IGraphEventHandler
{
    /// <summary>
    /// Handles one event. Throwing fails the event: it is retried (unless the exception is a
    /// <see cref="PermanentHandlerException"/>), and if it still fails the batch stops at it and Lambda redelivers from it.
    /// </summary>
    /// <param name="graphEvent">The event.</param>
    /// <param name="context">The logger, idempotency key and invocation details.</param>
    /// <param name="cancellationToken">Cancelled before the Lambda deadline, with a safety margin.</param>
    ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken);
}
