using FollowNotifications.Notifications;
using FollowNotifications.People;
using Microsoft.Extensions.Logging;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;
using Neptune.Streams.Lambda.Idempotency;

namespace FollowNotifications.Handlers;

/// <summary>
/// A <c>follows</c> edge was added: one notification on SQS, once per edge creation however often it is delivered.
/// The library's idempotency store claims the event (edge id + Neptune event id) before the send and marks it
/// completed after; a redelivery of a completed event is skipped, and a failed send releases the claim so the retry
/// sends it.
/// </summary>
public sealed partial class FollowNotifier(IIdempotencyStore store, PeopleDirectory people, NotificationSender sender)
    : IdempotentGraphEventHandler(store)
{
    /// <inheritdoc />
    protected override async ValueTask HandleOnceAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graphEvent);
        ArgumentNullException.ThrowIfNull(context);
        if (graphEvent.From is not { } from || graphEvent.To is not { } to)
        {
            throw new PermanentHandlerException($"{graphEvent} has no endpoints: a follows edge needs both to notify anyone.");
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
        await sender.SendAsync(notification, $"{graphEvent.Id}#{context.IdempotencyKey}", cancellationToken).ConfigureAwait(false);
        LogSent(context.Logger, graphEvent.Id, context.IdempotencyKey);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Follow {EdgeId} (Neptune event {NeptuneEventId}) notified")]
    private static partial void LogSent(ILogger logger, string edgeId, string neptuneEventId);
}
