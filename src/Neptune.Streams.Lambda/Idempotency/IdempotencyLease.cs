using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.Idempotency;

/// <summary>
/// A claim on one element's changes in one Neptune commit, up to an event, for one handler, from
/// <see cref="IIdempotencyStore.BeginAsync"/>.
/// </summary>
public sealed class IdempotencyLease
{
    internal IdempotencyLease(
        string handler, string elementId, NeptuneEventId eventId, string token, bool alreadyCompleted, NeptuneEventId? completedThrough = null)
    {
        CompletedThrough = completedThrough;
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

    /// <summary>The last Neptune event (of its commit) the claim covers.</summary>
    public NeptuneEventId EventId { get; }

    /// <summary>
    /// When an earlier delivery completed only the first part of this commit's changes to the element (its batch was
    /// cut between two Kinesis records of the commit): the last event it covered. Only the changes after it are new.
    /// </summary>
    public NeptuneEventId? CompletedThrough { get; }

    /// <summary>True when an earlier delivery completed the event: skip the side effect.</summary>
    public bool AlreadyCompleted { get; }

    /// <summary>Tells this claim from a later one that took over an expired marker.</summary>
    internal string Token { get; }
}
