namespace FollowNotifications;

/// <summary>The one vertex property this sample reads, bound from the event without reflection.</summary>
/// <param name="Name">The person's name, when the event added or changed it.</param>
public sealed record PersonProperties(string? Name);
