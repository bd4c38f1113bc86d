using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;

namespace MyFunction.Handlers;

/// <summary>The edge handler: a <c>follows</c> edge was added between two people.</summary>
public sealed class FollowAdded(INotifier notifier) : IGraphEventHandler
{
    /// <inheritdoc />
    public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graphEvent);

        // An edge event always carries its endpoints; a record without them could never succeed on a retry.
        if (graphEvent.From is not { } from || graphEvent.To is not { } to)
        {
            throw new PermanentHandlerException($"{graphEvent} has no endpoints.");
        }

        return notifier.FollowedAsync(from, to, cancellationToken);
    }
}
