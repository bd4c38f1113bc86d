using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.Idempotency;

/// <summary>
/// Makes a handler's side effect happen once per event, across redeliveries and concurrent invocations: a handler
/// begins (an in-progress marker), does its work, and completes (a completion marker kept for a while). Most handlers
/// use <see cref="IdempotencyStoreExtensions.ApplyOnceAsync"/> or derive from <see cref="IdempotentGraphEventHandler"/>.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>
    /// Claims, for <paramref name="handler"/>, the changes that <paramref name="elementId"/> got in the commit of
    /// <paramref name="eventId"/> up to that event (pass an event's <see cref="GraphEvent.LastEventId"/>): the key is the
    /// element and the commit, not where a batch happened to cut the commit's records. The lease says <see cref="IdempotencyLease.AlreadyCompleted"/>
    /// when an earlier delivery completed it; an in-progress marker whose expiry passed (a crashed invocation) is taken over,
    /// and a live one is waited for until it expires (or completes) within <paramref name="cancellationToken"/>. Inside a
    /// batch the claim expires shortly after the invocation's Lambda deadline, so it never outlives its holder for long.
    /// </summary>
    /// <exception cref="IdempotencyInProgressException">Another invocation still holds the event when <paramref name="cancellationToken"/> fires.</exception>
    /// <exception cref="IdempotencyStoreException">The store could not be reached (after retries).</exception>
    ValueTask<IdempotencyLease> BeginAsync(string handler, string elementId, NeptuneEventId eventId, CancellationToken cancellationToken = default);

    /// <summary>Marks the event done: later deliveries are skipped until the completion marker expires.</summary>
    /// <exception cref="IdempotencyStoreException">The store could not be reached (after retries).</exception>
    ValueTask CompleteAsync(IdempotencyLease lease, CancellationToken cancellationToken = default);

    /// <summary>Drops the in-progress marker after a failure, so a retry can begin again at once.</summary>
    /// <exception cref="IdempotencyStoreException">The store could not be reached (after retries).</exception>
    ValueTask ReleaseAsync(IdempotencyLease lease, CancellationToken cancellationToken = default);
}
