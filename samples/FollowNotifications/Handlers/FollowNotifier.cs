using FollowNotifications.Notifications;
using FollowNotifications.People;
using Microsoft.Extensions.Logging;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;

namespace FollowNotifications.Handlers;

/// <summary>A <c>follows</c> edge was added: one notification on SQS, once per edge creation however often it is delivered.</summary>
public sealed partial class FollowNotifier(NotificationGuard guard, PeopleDirectory people, NotificationSender sender) : IGraphEventHandler
{
    /// <inheritdoc />
    public async ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graphEvent);
        ArgumentNullException.ThrowIfNull(context);
        if (graphEvent.From is not { } from || graphEvent.To is not { } to)
        {
            throw new PermanentHandlerException($"{graphEvent} has no endpoints: a follows edge needs both to notify anyone.");
        }

        string key = NotificationGuard.Key(graphEvent.Id, context.IdempotencyKey);
        GuardState state = await guard.ClaimAsync(key, cancellationToken).ConfigureAwait(false);
        if (state == GuardState.AlreadySent)
        {
            LogAlreadySent(context.Logger, graphEvent.Id, context.IdempotencyKey);
            return;
        }

        var names = await people.GetNamesAsync([from, to], cancellationToken).ConfigureAwait(false);
        var notification = new FollowNotification
        {
            EdgeId = graphEvent.Id,
            From = from,
            To = to,
            FromName = names.GetValueOrDefault(from),
            ToName = names.GetValueOrDefault(to),
            FollowedAt = graphEvent.CommitTimestamp,
            NeptuneEventId = context.IdempotencyKey,
        };
        await sender.SendAsync(notification, key, cancellationToken).ConfigureAwait(false);
        await guard.MarkSentAsync(key, cancellationToken).ConfigureAwait(false);
        LogSent(context.Logger, graphEvent.Id, context.IdempotencyKey, state == GuardState.Reclaimed);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Follow {EdgeId} (Neptune event {NeptuneEventId}) was notified before: nothing sent")]
    private static partial void LogAlreadySent(ILogger logger, string edgeId, string neptuneEventId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Follow {EdgeId} (Neptune event {NeptuneEventId}) notified (after an unfinished earlier attempt: {Resent})")]
    private static partial void LogSent(ILogger logger, string edgeId, string neptuneEventId, bool resent);
}
