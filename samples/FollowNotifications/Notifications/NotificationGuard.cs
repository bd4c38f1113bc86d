using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace FollowNotifications.Notifications;

/// <summary>
/// The sample's own sent-once guard: a DynamoDB item per notification (<c>notified#{edge id}#{Neptune event id}</c>),
/// created by a conditional put before sending (<c>pending</c>) and marked <c>sent</c> after. A replay that finds it
/// <c>sent</c> sends nothing; one that finds it <c>pending</c> (a crash between claim and mark) sends again.
/// </summary>
public sealed class NotificationGuard(IAmazonDynamoDB dynamoDb, FollowNotificationsOptions options, TimeProvider timeProvider)
{
    private const string Pending = "pending";
    private const string Sent = "sent";

    /// <summary>The guard key of one edge's creation event.</summary>
    public static string Key(string edgeId, string idempotencyKey) => $"notified#{edgeId}#{idempotencyKey}";

    /// <summary>Claims the notification, or says it was sent or half-sent before.</summary>
    public async Task<GuardState> ClaimAsync(string key, CancellationToken cancellationToken = default)
    {
        long expires = (timeProvider.GetUtcNow() + options.GuardTime).ToUnixTimeSeconds();
        try
        {
            await dynamoDb.PutItemAsync(new PutItemRequest
            {
                TableName = options.TableName,
                Item = new Dictionary<string, AttributeValue>
                {
                    ["pk"] = new() { S = key },
                    ["state"] = new() { S = Pending },
                    ["expiresAt"] = new() { N = expires.ToString(CultureInfo.InvariantCulture) },
                },
                ConditionExpression = "attribute_not_exists(pk)",
            }, cancellationToken).ConfigureAwait(false);
            return GuardState.Claimed;
        }
        catch (ConditionalCheckFailedException)
        {
        }

        var existing = await dynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = options.TableName,
            Key = new Dictionary<string, AttributeValue> { ["pk"] = new() { S = key } },
            ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false);
        return existing.Item?.GetValueOrDefault("state")?.S == Sent ? GuardState.AlreadySent : GuardState.Reclaimed;
    }

    /// <summary>Marks the notification sent, so no replay sends it again.</summary>
    public Task MarkSentAsync(string key, CancellationToken cancellationToken = default) =>
        dynamoDb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = options.TableName,
            Key = new Dictionary<string, AttributeValue> { ["pk"] = new() { S = key } },
            UpdateExpression = "SET #s = :sent",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#s"] = "state" },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":sent"] = new() { S = Sent } },
        }, cancellationToken);
}
