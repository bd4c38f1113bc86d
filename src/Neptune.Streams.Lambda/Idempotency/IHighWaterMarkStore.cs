using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.Idempotency;

/// <summary>
/// Per element, the last Neptune event a handler applied. Neptune's event ids are strictly ordered and unique, so an
/// event at or below the mark is a duplicate; one item per element instead of one per event. Most handlers use
/// <see cref="HighWaterMarkStoreExtensions.ExecuteIfNewerAsync"/>.
/// </summary>
public interface IHighWaterMarkStore
{
    /// <summary>The last event applied to <paramref name="elementId"/> by <paramref name="handler"/> (consistent read), or null.</summary>
    /// <exception cref="IdempotencyStoreException">The store could not be reached (after retries).</exception>
    ValueTask<NeptuneEventId?> GetAsync(string handler, string elementId, CancellationToken cancellationToken = default);

    /// <summary>Moves the mark forward to <paramref name="eventId"/>; false when it was already there or beyond.</summary>
    /// <exception cref="IdempotencyStoreException">The store could not be reached (after retries).</exception>
    ValueTask<bool> TryAdvanceAsync(string handler, string elementId, NeptuneEventId eventId, CancellationToken cancellationToken = default);
}
