namespace FollowNotifications;

/// <summary>The message body sent to SQS for a new <c>follows</c> edge.</summary>
public sealed record FollowNotification
{
    /// <summary>The edge id.</summary>
    public required string EdgeId { get; init; }

    /// <summary>The follower's vertex id.</summary>
    public required string From { get; init; }

    /// <summary>The followed person's vertex id.</summary>
    public required string To { get; init; }

    /// <summary>The follower's name, when the sample has seen it.</summary>
    public string? FromName { get; init; }

    /// <summary>The followed person's name, when the sample has seen it.</summary>
    public string? ToName { get; init; }

    /// <summary>When Neptune committed the edge.</summary>
    public DateTimeOffset? FollowedAt { get; init; }

    /// <summary>The Neptune event id of the edge's creation; the same on every redelivery.</summary>
    public required string NeptuneEventId { get; init; }
}
