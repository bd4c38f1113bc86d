using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.Idempotency;

/// <summary>A claim on one event for one handler, from <see cref="IIdempotencyStore.BeginAsync"/>.</summary>
public sealed class IdempotencyLease
{
    internal IdempotencyLease(string handler, string elementId, NeptuneEventId eventId, string token, bool alreadyCompleted)
    {
        Handler = handler;
        ElementId = elementId;
        EventId = eventId;
        Token = token;
        AlreadyCompleted = alreadyCompleted;
    }

    /// <summary>The handler the claim is for.</summary>
    public string Handler { get; }

    /// <summary>The vertex or edge id.</summary>
    public string ElementId { get; }

    /// <summary>The Neptune event id.</summary>
    public NeptuneEventId EventId { get; }

    /// <summary>True when an earlier delivery completed the event: skip the side effect.</summary>
    public bool AlreadyCompleted { get; }

    /// <summary>Tells this claim from a later one that took over an expired marker.</summary>
    internal string Token { get; }
}
