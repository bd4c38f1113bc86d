using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.Idempotency;

/// <summary>Runs a handler's side effect once per event.</summary>
public static class IdempotencyStoreExtensions
{
    /// <summary>
    /// Runs <paramref name="action"/> unless an earlier delivery of <paramref name="graphEvent"/> completed it for
    /// <paramref name="handler"/>; returns false when it was skipped. A failing action releases its claim and rethrows.
    /// </summary>
    /// <exception cref="IdempotencyInProgressException">Another invocation is handling the event right now (retriable).</exception>
    public static async ValueTask<bool> ExecuteOnceAsync(
        this IIdempotencyStore store,
        string handler,
        GraphEvent graphEvent,
        Func<CancellationToken, ValueTask> action,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(graphEvent);
        ArgumentNullException.ThrowIfNull(action);
        IdempotencyLease lease = await store.BeginAsync(handler, graphEvent.Id, graphEvent.FirstEventId, cancellationToken).ConfigureAwait(false);
        if (lease.AlreadyCompleted)
        {
            return false;
        }

        try
        {
            await action(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The next attempt may begin at once instead of waiting for the marker to expire; if the release fails
            // too, the marker expires on its own and the action's own error is the one worth surfacing.
            try
            {
                await store.ReleaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
            }
            catch (IdempotencyStoreException)
            {
            }

            throw;
        }

        // The effect has happened: record it even when the deadline token fired meanwhile. An abandoned completion
        // leaves the claim in progress, and once it expires the next delivery takes it over and runs the effect again.
        await store.CompleteAsync(lease, CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
