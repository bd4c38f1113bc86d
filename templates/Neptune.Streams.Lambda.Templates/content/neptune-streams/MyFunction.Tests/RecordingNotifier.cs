namespace MyFunction.Tests;

/// <summary>Remembers every notification, so that a test can check what the handlers did.</summary>
internal sealed class RecordingNotifier : INotifier
{
    private readonly Lock _gate = new();

    public List<(string PersonId, Person Person)> Welcomed { get; } = [];

    public List<(string FollowerId, string FollowedId)> Follows { get; } = [];

    public ValueTask WelcomeAsync(string personId, Person person, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Welcomed.Add((personId, person));
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask FollowedAsync(string followerId, string followedId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Follows.Add((followerId, followedId));
        }

        return ValueTask.CompletedTask;
    }
}
