using FollowNotifications.People;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;

namespace FollowNotifications.Handlers;

/// <summary>A vertex got a name (added or changed): kept in the directory so notifications can say who follows whom.</summary>
public sealed class PersonNamed(PeopleDirectory people) : GraphEventHandler<PersonProperties>(FollowNotificationsJsonContext.Default.PersonProperties)
{
    /// <inheritdoc />
    protected override async ValueTask HandleAsync(GraphEvent graphEvent, PersonProperties properties, GraphEventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graphEvent);
        ArgumentNullException.ThrowIfNull(properties);
        if (properties.Name is { } name)
        {
            await people.SaveNameAsync(graphEvent.Id, name, graphEvent.CommitNum, cancellationToken).ConfigureAwait(false);
        }
    }
}
