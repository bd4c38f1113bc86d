using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace FollowNotifications.Notifications;

/// <summary>Sends a notification's JSON body to the queue; on a FIFO queue SQS's own deduplication is used too.</summary>
public sealed class NotificationSender(IAmazonSQS sqs, FollowNotificationsOptions options)
{
    /// <summary>Sends one notification.</summary>
    /// <param name="notification">The message.</param>
    /// <param name="deduplicationKey">Edge id and Neptune event id: the FIFO deduplication id (hashed).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task SendAsync(FollowNotification notification, string deduplicationKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var request = new SendMessageRequest
        {
            QueueUrl = options.QueueUrl,
            MessageBody = JsonSerializer.Serialize(notification, FollowNotificationsJsonContext.Default.FollowNotification),
        };
        if (options.QueueUrl.EndsWith(".fifo", StringComparison.Ordinal))
        {
            // One group per followed person keeps their notifications in order; the id covers SQS's 5-minute window.
            request.MessageGroupId = notification.To;
            request.MessageDeduplicationId = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(deduplicationKey)));
        }

        await sqs.SendMessageAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
