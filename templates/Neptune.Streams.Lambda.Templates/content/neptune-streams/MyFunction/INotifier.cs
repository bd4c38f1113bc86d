namespace MyFunction;

/// <summary>The side effects of the handlers, behind an interface so that tests can watch them.</summary>
public interface INotifier
{
    /// <summary>A person joined the graph.</summary>
    ValueTask WelcomeAsync(string personId, Person person, CancellationToken cancellationToken);

    /// <summary><paramref name="followerId"/> started to follow <paramref name="followedId"/>.</summary>
    ValueTask FollowedAsync(string followerId, string followedId, CancellationToken cancellationToken);
}
