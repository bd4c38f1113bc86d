using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Neptune.Streams.Lambda.Checkpoints;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Resilience;

namespace Neptune.Streams.Lambda.Idempotency;

/// <summary>
/// Idempotency markers in DynamoDB, one item per handler, element and Neptune event: a conditional <c>PutItem</c>
/// claims the event (new, or an in-progress marker past its expiry, or a completion marker past its TTL).
/// </summary>
internal sealed class DynamoDbIdempotencyStore(IAmazonDynamoDB client, IdempotencyOptions options, AwsCallPipeline pipeline, TimeProvider timeProvider)
    : IIdempotencyStore
{
    private const string Status = "status";
    private const string Token = "token";
    private const string LockedUntil = "lockedUntil";
    private const string InProgress = "IN_PROGRESS";
    private const string Completed = "COMPLETED";

    public async ValueTask<IdempotencyLease> BeginAsync(
        string handler, string elementId, NeptuneEventId eventId, CancellationToken cancellationToken = default)
    {
        ValidateHandler(handler);
        ArgumentException.ThrowIfNullOrEmpty(elementId);
        DateTimeOffset now = timeProvider.GetUtcNow();
        string token = Guid.NewGuid().ToString("N");
        Dictionary<string, AttributeValue> item = KeyOf(handler, elementId, eventId);
        item[Status] = new AttributeValue { S = InProgress };
        item[Token] = new AttributeValue { S = token };
        item[LockedUntil] = Number((now + options.InProgressExpiry).ToUnixTimeMilliseconds());
        item[TableSchema.TimeToLive] = new AttributeValue { N = TableSchema.EpochSeconds(now + options.CompletedTimeToLive) };
        var request = new PutItemRequest
        {
            TableName = options.TableName,
            Item = item,
            ConditionExpression = "attribute_not_exists(#pk) OR (#status = :inProgress AND #until < :nowMs) OR #ttl < :nowSeconds",
            ExpressionAttributeNames = new()
            {
                ["#pk"] = TableSchema.PartitionKey,
                ["#status"] = Status,
                ["#until"] = LockedUntil,
                ["#ttl"] = TableSchema.TimeToLive,
            },
            ExpressionAttributeValues = new()
            {
                [":inProgress"] = new AttributeValue { S = InProgress },
                [":nowMs"] = Number(now.ToUnixTimeMilliseconds()),
                [":nowSeconds"] = Number(now.ToUnixTimeSeconds()),
            },
        };

        try
        {
            await CallAsync(static (s, ct) => s.client.PutItemAsync(s.request, ct), (client, request), cancellationToken).ConfigureAwait(false);
            return new IdempotencyLease(handler, elementId, eventId, token, alreadyCompleted: false);
        }
        catch (ConditionalCheckFailedException)
        {
            // Someone holds or completed it: one consistent read tells which.
        }

        var get = new GetItemRequest { TableName = options.TableName, Key = KeyOf(handler, elementId, eventId), ConsistentRead = true };
        GetItemResponse existing = await CallAsync(static (s, ct) => s.client.GetItemAsync(s.get, ct), (client, get), cancellationToken)
            .ConfigureAwait(false);
        if (existing.Item is { } found && found.TryGetValue(Status, out var status) && status.S == Completed)
        {
            return new IdempotencyLease(handler, elementId, eventId, string.Empty, alreadyCompleted: true);
        }

        throw new IdempotencyInProgressException(
            $"Neptune event {eventId} of element {elementId} is being handled by another invocation of {handler}; retry later.");
    }

    public async ValueTask CompleteAsync(IdempotencyLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (lease.AlreadyCompleted)
        {
            return;
        }

        // Unconditional: the side effect happened, so "completed" is the truth even if the claim was taken over meanwhile.
        var request = new UpdateItemRequest
        {
            TableName = options.TableName,
            Key = KeyOf(lease.Handler, lease.ElementId, lease.EventId),
            UpdateExpression = "SET #status = :completed, #ttl = :ttl REMOVE #until",
            ExpressionAttributeNames = new() { ["#status"] = Status, ["#ttl"] = TableSchema.TimeToLive, ["#until"] = LockedUntil },
            ExpressionAttributeValues = new()
            {
                [":completed"] = new AttributeValue { S = Completed },
                [":ttl"] = new AttributeValue { N = TableSchema.EpochSeconds(timeProvider.GetUtcNow() + options.CompletedTimeToLive) },
            },
        };
        await CallAsync(static (s, ct) => s.client.UpdateItemAsync(s.request, ct), (client, request), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask ReleaseAsync(IdempotencyLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (lease.AlreadyCompleted)
        {
            return;
        }

        var request = new DeleteItemRequest
        {
            TableName = options.TableName,
            Key = KeyOf(lease.Handler, lease.ElementId, lease.EventId),
            ConditionExpression = "#token = :token AND #status = :inProgress",
            ExpressionAttributeNames = new() { ["#token"] = Token, ["#status"] = Status },
            ExpressionAttributeValues = new()
            {
                [":token"] = new AttributeValue { S = lease.Token },
                [":inProgress"] = new AttributeValue { S = InProgress },
            },
        };
        try
        {
            await CallAsync(static (s, ct) => s.client.DeleteItemAsync(s.request, ct), (client, request), cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            // Taken over or completed by someone else: theirs to keep.
        }
    }

    private Task<TResponse> CallAsync<TState, TResponse>(
        Func<TState, CancellationToken, Task<TResponse>> call, TState state, CancellationToken cancellationToken) =>
        pipeline.ExecuteOrFailAsync(
            call,
            state,
            (reason, ex) => new IdempotencyStoreException($"The idempotency table {options.TableName} could not be used: {reason}.", ex),
            cancellationToken);

    /// <summary>The handler name ends at the first <c>#</c> of the key, so it cannot hold one (element ids may).</summary>
    internal static void ValidateHandler(string handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(handler);
        if (handler.Contains('#', StringComparison.Ordinal))
        {
            throw new ArgumentException($"A handler name cannot contain '#': {handler}.", nameof(handler));
        }
    }

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static Dictionary<string, AttributeValue> KeyOf(string handler, string elementId, NeptuneEventId eventId) => new()
    {
        [TableSchema.PartitionKey] = new AttributeValue { S = $"{TableSchema.IdempotencyPrefix}{handler}#{elementId}" },
        [TableSchema.SortKey] = new AttributeValue { S = $"event#{eventId}" },
    };
}
