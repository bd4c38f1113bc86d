using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Idempotency;
using Neptune.Streams.Lambda.Processing;

namespace Neptune.Streams.Lambda.Testing;

/// <summary>
/// An <see cref="IIdempotencyStore"/> in memory with the DynamoDB store's rules: one marker per handler, element and
/// commit, holding how far into the commit the handler completed; a live in-progress claim is waited for until it
/// expires (inside a batch, <see cref="IdempotencyOptions.ClaimMarginAfterDeadline"/> after the invocation's deadline),
/// an expired one is taken over; a completion is kept for <see cref="IdempotencyOptions.CompletedTimeToLive"/>.
/// Time comes from the <see cref="TimeProvider"/> given, so a test can expire claims with a fake clock.
/// </summary>
public sealed class InMemoryIdempotencyStore : IIdempotencyStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Handler, string ElementId, long CommitNum), Marker> _markers = [];
    private readonly IdempotencyOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates an empty store.</summary>
    /// <param name="options">The expiry settings (the table name is not used); the defaults when null.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    public InMemoryIdempotencyStore(IdempotencyOptions? options = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? new IdempotencyOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Whether <paramref name="handler"/> completed <paramref name="elementId"/>'s changes in the commit of <paramref name="eventId"/> through that event.</summary>
    /// <param name="handler">The handler name.</param>
    /// <param name="elementId">The vertex or edge id.</param>
    /// <param name="eventId">The event (its commit and operation).</param>
    public bool IsCompleted(string handler, string elementId, NeptuneEventId eventId)
    {
        lock (_gate)
        {
            return _markers.TryGetValue((handler, elementId, eventId.CommitNum), out Marker? marker)
                && marker.LastOp is { } last && last >= eventId.OpNum
                && (marker.Token is null || marker.Completed)
                && marker.ExpiresAt >= _timeProvider.GetUtcNow();
        }
    }

    /// <inheritdoc />
    public async ValueTask<IdempotencyLease> BeginAsync(string handler, string elementId, NeptuneEventId eventId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(handler);
        ArgumentException.ThrowIfNullOrEmpty(elementId);
        while (true)
        {
            DateTimeOffset heldUntil;
            lock (_gate)
            {
                DateTimeOffset now = _timeProvider.GetUtcNow();
                var key = (handler, elementId, eventId.CommitNum);
                _markers.TryGetValue(key, out Marker? marker);
                bool claimable = marker is null
                    || (!marker.Completed && marker.LockedUntil < now)
                    || marker.ExpiresAt < now
                    || (marker.Completed && (marker.LastOp is null || marker.LastOp < eventId.OpNum));
                if (claimable)
                {
                    long? covered = marker is not null && marker.ExpiresAt >= now ? marker.LastOp : null;
                    string token = Guid.NewGuid().ToString("N");
                    _markers[key] = new Marker(false, token, ClaimExpiry(now), now + _options.CompletedTimeToLive, covered);
                    NeptuneEventId? through = covered is { } op ? new NeptuneEventId(eventId.CommitNum, op) : null;
                    return new IdempotencyLease(handler, elementId, eventId, token, alreadyCompleted: false, through);
                }

                if (marker!.Completed)
                {
                    return new IdempotencyLease(handler, elementId, eventId, string.Empty, alreadyCompleted: true);
                }

                heldUntil = marker.LockedUntil;
            }

            TimeSpan wait = heldUntil - _timeProvider.GetUtcNow() + TimeSpan.FromMilliseconds(1);
            try
            {
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
            {
                throw new IdempotencyInProgressException(
                    $"Neptune event {eventId} of element {elementId} is held by another invocation of {handler} until {heldUntil:O}; retry later.", ex);
            }
        }
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(IdempotencyLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (lease.AlreadyCompleted)
        {
            return ValueTask.CompletedTask;
        }

        lock (_gate)
        {
            var key = (lease.Handler, lease.ElementId, lease.EventId.CommitNum);
            DateTimeOffset now = _timeProvider.GetUtcNow();
            _markers.TryGetValue(key, out Marker? marker);
            // The side effect happened: "completed through this operation" holds even if the claim was taken over;
            // only a completion that covered more is kept.
            if (marker is null || !marker.Completed || marker.LastOp is null || marker.LastOp < lease.EventId.OpNum)
            {
                _markers[key] = new Marker(true, null, default, now + _options.CompletedTimeToLive, lease.EventId.OpNum);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ReleaseAsync(IdempotencyLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (lease.AlreadyCompleted)
        {
            return ValueTask.CompletedTask;
        }

        lock (_gate)
        {
            var key = (lease.Handler, lease.ElementId, lease.EventId.CommitNum);
            if (_markers.TryGetValue(key, out Marker? marker) && !marker.Completed && marker.Token == lease.Token)
            {
                if (lease.CompletedThrough is { } through)
                {
                    _markers[key] = marker with { Completed = true, Token = null, LastOp = through.OpNum };
                }
                else
                {
                    _markers.Remove(key);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    private DateTimeOffset ClaimExpiry(DateTimeOffset now) =>
        InvocationDeadline.Deadline is { } deadline ? deadline + _options.ClaimMarginAfterDeadline : now + _options.InProgressExpiry;

    private sealed record Marker(bool Completed, string? Token, DateTimeOffset LockedUntil, DateTimeOffset ExpiresAt, long? LastOp);
}
