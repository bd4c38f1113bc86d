using Microsoft.Extensions.Logging;

namespace MyFunction;

/// <summary>
/// The default notifier: writes a log line per notification. Replace it with your own (SQS, email, a table); the
/// logs name ids only, never property values, which may be personal data.
/// </summary>
public sealed class LogNotifier(ILogger<LogNotifier> logger) : INotifier
{
    /// <inheritdoc />
    public ValueTask WelcomeAsync(string personId, Person person, CancellationToken cancellationToken)
    {
        logger.LogInformation("Welcome person {PersonId} (has name: {HasName})", personId, person.Name is not null);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask FollowedAsync(string followerId, string followedId, CancellationToken cancellationToken)
    {
        logger.LogInformation("Person {FollowerId} follows {FollowedId}", followerId, followedId);
        return ValueTask.CompletedTask;
    }
}
