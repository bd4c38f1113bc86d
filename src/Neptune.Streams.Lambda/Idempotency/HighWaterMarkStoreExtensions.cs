using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.Idempotency;

/// <summary>Applies an event to an element only when it is newer than what was applied last.</summary>
public static class HighWaterMarkStoreExtensions
{
    /// <summary>
    /// Runs <paramref name="action"/> unless <paramref name="handler"/> already applied <paramref name="graphEvent"/>
    /// or a later event to the element, then moves the element's mark to the event; returns false when skipped.
    /// </summary>
    public static async ValueTask<bool> ExecuteIfNewerAsync(
        this IHighWaterMarkStore store,
        string handler,
        GraphEvent graphEvent,
        Func<CancellationToken, ValueTask> action,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(graphEvent);
        ArgumentNullException.ThrowIfNull(action);
        NeptuneEventId? mark = await store.GetAsync(handler, graphEvent.Id, cancellationToken).ConfigureAwait(false);
        if (mark is { } applied && graphEvent.LastEventId <= applied)
        {
            return false;
        }

        await action(cancellationToken).ConfigureAwait(false);
        await store.TryAdvanceAsync(handler, graphEvent.Id, graphEvent.LastEventId, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
