using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;

namespace Neptune.Streams.Lambda.Idempotency;

/// <summary>
/// A handler whose side effect happens once per event: derive from it, take an <see cref="IIdempotencyStore"/> in the
/// constructor (registered by <c>builder.UseDynamoDbIdempotency(…)</c>), and put the work in <see cref="HandleOnceAsync"/>.
/// A duplicate delivery is skipped; a concurrent one is retried by the handler pipeline.
/// </summary>
/// <param name="store">The idempotency store.</param>
public abstract class IdempotentGraphEventHandler(IIdempotencyStore store) : IGraphEventHandler
{
    /// <summary>The name the handler's markers are keyed by; change it and earlier markers no longer count.</summary>
    /// <value>The handler's type name.</value>
    protected virtual string IdempotencyScope => GetType().Name;

    /// <inheritdoc />
    public async ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
    {
        await store.ApplyOnceAsync(
            IdempotencyScope, graphEvent, (remainder, ct) => HandleOnceAsync(remainder, context, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Handles what no earlier delivery completed: the event, or, when an earlier batch ended between two Kinesis
    /// records of its commit, the part of it after what that batch covered.
    /// </summary>
    protected abstract ValueTask HandleOnceAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken);
}
