using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.Idempotency;

/// <summary>Runs a handler's side effect once per Neptune change.</summary>
public static class IdempotencyStoreExtensions
{
    /// <summary>
    /// Runs <paramref name="action"/> on the part of <paramref name="graphEvent"/> no earlier delivery completed for
    /// <paramref name="handler"/>: the whole event, or, when an earlier batch ended between two Kinesis records of its
    /// commit, the changes after what that batch covered. Returns false when everything was done already. A failing
    /// action releases its claim and rethrows. Exactly once per Neptune change, whatever the batch boundaries.
    /// </summary>
    /// <exception cref="IdempotencyInProgressException">Another invocation still holds the event when <paramref name="cancellationToken"/> fires.</exception>
    public static async ValueTask<bool> ApplyOnceAsync(
        this IIdempotencyStore store,
        string handler,
        GraphEvent graphEvent,
        Func<GraphEvent, CancellationToken, ValueTask> action,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(graphEvent);
        ArgumentNullException.ThrowIfNull(action);
        IdempotencyLease lease = await store.BeginAsync(handler, graphEvent.Id, graphEvent.LastEventId, cancellationToken).ConfigureAwait(false);
        if (lease.AlreadyCompleted)
        {
            return false;
        }

        GraphEvent remainder = lease.CompletedThrough is { } done ? EventRemainder.After(graphEvent, done) : graphEvent;
        try
        {
            await action(remainder, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The next attempt may begin at once instead of waiting for the marker to expire; if the release fails
            // too, the marker expires on its own and the action's own error is the one worth surfacing.
            try
            {
                await store.ReleaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IdempotencyStoreException or OperationCanceledException)
            {
            }

            throw;
        }

        // The effect has happened: record it even when the deadline token fired meanwhile (the store still ends the
        // call before the response is due). An abandoned completion leaves the claim in progress; once it expires the
        // next delivery takes it over and runs the effect again.
        await store.CompleteAsync(lease, CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Runs <paramref name="action"/> unless an earlier delivery completed <paramref name="graphEvent"/> for
    /// <paramref name="handler"/>; returns false when it was skipped. The action cannot be handed a part of the event,
    /// so when an earlier batch ended inside the event's commit it runs for the whole event again (at least once for
    /// the part covered before); use <see cref="ApplyOnceAsync"/>, which passes the action the part to apply, for exactly once.
    /// </summary>
    /// <exception cref="IdempotencyInProgressException">Another invocation still holds the event when <paramref name="cancellationToken"/> fires.</exception>
    public static ValueTask<bool> ExecuteOnceAsync(
        this IIdempotencyStore store,
        string handler,
        GraphEvent graphEvent,
        Func<CancellationToken, ValueTask> action,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        return store.ApplyOnceAsync(handler, graphEvent, (_, ct) => action(ct), cancellationToken);
    }
}
