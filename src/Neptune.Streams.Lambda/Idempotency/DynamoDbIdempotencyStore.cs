using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Neptune.Streams.Lambda.Checkpoints;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Processing;
using Neptune.Streams.Lambda.Resilience;

namespace Neptune.Streams.Lambda.Idempotency;

/// <summary>
/// Idempotency markers in DynamoDB, one item per handler, element and Neptune event: a conditional <c>PutItem</c>
/// claims the event (new, or an in-progress marker past its expiry, or a completion marker past its TTL). Inside a
/// batch a claim expires shortly after the claiming invocation's deadline, and a live claim is waited for, not failed on.
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
        while (true)
        {
            (IdempotencyLease? lease, DateTimeOffset heldUntil) = await TryBeginAsync(handler, elementId, eventId, cancellationToken).ConfigureAwait(false);
            if (lease is not null)
            {
                return lease;
            }

            // A live claim belongs to an invocation that is still running or was stopped (killed, timed out): it
            // expires soon after that invocation's deadline. Waiting for it, instead of failing at once, keeps a
            // crashed invocation from using up the event source mapping's retries.
            await WaitForExpiryAsync(heldUntil, handler, elementId, eventId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One claim attempt: the lease, or (null, when the live claim that refused it expires).</summary>
    internal async Task<(IdempotencyLease? Lease, DateTimeOffset HeldUntil)> TryBeginAsync(
        string handler, string elementId, NeptuneEventId eventId, CancellationToken cancellationToken)
    {
        ValidateHandler(handler);
        ArgumentException.ThrowIfNullOrEmpty(elementId);
        string token = Guid.NewGuid().ToString("N");
        while (true)
        {
            if (await TryClaimAsync(handler, elementId, eventId, token, cancellationToken).ConfigureAwait(false))
            {
                return (new IdempotencyLease(handler, elementId, eventId, token, alreadyCompleted: false), default);
            }

            var get = new GetItemRequest { TableName = options.TableName, Key = KeyOf(handler, elementId, eventId), ConsistentRead = true };
            GetItemResponse existing = await CallAsync(static (s, ct) => s.client.GetItemAsync(s.get, ct), (client, get), cancellationToken)
                .ConfigureAwait(false);
            if (existing.Item is not { Count: > 0 } found)
            {
                continue; // released between the two calls: claim again at once
            }

            if (found.TryGetValue(Status, out var status) && status.S == Completed)
            {
                return (new IdempotencyLease(handler, elementId, eventId, string.Empty, alreadyCompleted: true), default);
            }

            if (!found.TryGetValue(LockedUntil, out var until) || !long.TryParse(until.N, CultureInfo.InvariantCulture, out long untilMs))
            {
                throw new IdempotencyInProgressException(
                    $"Neptune event {eventId} of element {elementId} is held by another invocation of {handler} with no expiry; retry later.");
            }

            return (null, DateTimeOffset.FromUnixTimeMilliseconds(untilMs));
        }
    }

    private async Task<bool> TryClaimAsync(string handler, string elementId, NeptuneEventId eventId, string token, CancellationToken cancellationToken)
    {
        DateTimeOffset now = timeProvider.GetUtcNow();
        Dictionary<string, AttributeValue> item = KeyOf(handler, elementId, eventId);
        item[Status] = new AttributeValue { S = InProgress };
        item[Token] = new AttributeValue { S = token };
        item[LockedUntil] = Number(ClaimExpiry(now).ToUnixTimeMilliseconds());
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
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false; // someone holds or completed it: the caller reads which
        }
    }

    /// <summary>Inside a batch a claim ends shortly after the invocation's deadline: Lambda stops the holder then.</summary>
    private DateTimeOffset ClaimExpiry(DateTimeOffset now) =>
        InvocationDeadline.Deadline is { } deadline ? deadline + options.ClaimMarginAfterDeadline : now + options.InProgressExpiry;

    private async Task WaitForExpiryAsync(
        DateTimeOffset lockedUntil, string handler, string elementId, NeptuneEventId eventId, CancellationToken cancellationToken)
    {
        TimeSpan wait = lockedUntil - timeProvider.GetUtcNow() + TimeSpan.FromMilliseconds(1);
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new IdempotencyInProgressException(
                $"Neptune event {eventId} of element {elementId} is held by another invocation of {handler} until {lockedUntil:O}, after this one's deadline; retry later.", ex);
        }
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
        using CancellationTokenSource? due = InvocationDeadline.BeforeResponseDue(timeProvider);
        using var bounded = due is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, due.Token);
        await CallAsync(static (s, ct) => s.client.UpdateItemAsync(s.request, ct), (client, request), bounded?.Token ?? cancellationToken)
            .ConfigureAwait(false);
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
        using CancellationTokenSource? due = InvocationDeadline.BeforeResponseDue(timeProvider);
        using var bounded = due is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, due.Token);
        try
        {
            await CallAsync(static (s, ct) => s.client.DeleteItemAsync(s.request, ct), (client, request), bounded?.Token ?? cancellationToken)
                .ConfigureAwait(false);
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
        [TableSchema.PartitionKey] = new AttributeValue { S = ElementKeys.For(TableSchema.IdempotencyPrefix, handler, elementId) },
        [TableSchema.SortKey] = new AttributeValue { S = $"event#{eventId}" },
    };
}
