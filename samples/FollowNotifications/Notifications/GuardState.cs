namespace FollowNotifications.Notifications;

/// <summary>What the guard says about one notification.</summary>
public enum GuardState
{
    /// <summary>Nobody sent it: this caller now holds the claim and must send, then mark it sent.</summary>
    Claimed,

    /// <summary>An earlier attempt claimed it and did not get to mark it sent: send it again (the at-least-once window).</summary>
    Reclaimed,

    /// <summary>It was sent: do nothing.</summary>
    AlreadySent,
}
