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
/// Idempotency markers in DynamoDB, one item per handler, element and Neptune commit, holding how far into the commit's
/// operations the handler completed (so the key does not depend on where a batch cut the commit): a conditional write
/// claims the changes (new, or an in-progress marker past its expiry, or a completion marker past its TTL). Inside a
/// batch a claim expires shortly after the claiming invocation's deadline, and a live claim is waited for, not failed on.
/// </summary>
internal sealed class DynamoDbIdempotencyStore(IAmazonDynamoDB client, IdempotencyOptions options, AwsCallPipeline pipeline, TimeProvider timeProvider)
    : IIdempotencyStore
{
    private const string Status = "status";
    private const string Token = "token";
    private const string LockedUntil = "lockedUntil";
    private const string LastOp = "lastOp";
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
            if (await TryClaimAsync(handler, elementId, eventId, token, cancellationToken).ConfigureAwait(false) is { } claimed)
            {
                NeptuneEventId? through = claimed.CoveredOp is { } op ? new NeptuneEventId(eventId.CommitNum, op) : null;
                return (new IdempotencyLease(handler, elementId, eventId, token, alreadyCompleted: false, through), default);
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

    /// <summary>
    /// One conditional write: new, an in-progress claim past its expiry, a completion past its TTL, or a completion that
    /// covered fewer of the commit's operations than this claim. Null when refused; otherwise the operation the item
    /// had completed through before (kept on the item, so a release can restore it).
    /// </summary>
    private async Task<Claimed?> TryClaimAsync(string handler, string elementId, NeptuneEventId eventId, string token, CancellationToken cancellationToken)
    {
        DateTimeOffset now = timeProvider.GetUtcNow();
        var request = new UpdateItemRequest
        {
            TableName = options.TableName,
            Key = KeyOf(handler, elementId, eventId),
            UpdateExpression = "SET #status = :inProgress, #token = :token, #until = :until, #ttl = :ttl",
            ConditionExpression = "attribute_not_exists(#pk) OR (#status = :inProgress AND #until < :nowMs) OR #ttl < :nowSeconds"
                + " OR (#status = :completed AND (attribute_not_exists(#lastOp) OR #lastOp < :op))",
            ExpressionAttributeNames = new()
            {
                ["#pk"] = TableSchema.PartitionKey,
                ["#status"] = Status,
                ["#token"] = Token,
                ["#until"] = LockedUntil,
                ["#ttl"] = TableSchema.TimeToLive,
                ["#lastOp"] = LastOp,
            },
            ExpressionAttributeValues = new()
            {
                [":inProgress"] = new AttributeValue { S = InProgress },
                [":completed"] = new AttributeValue { S = Completed },
                [":token"] = new AttributeValue { S = token },
                [":until"] = Number(ClaimExpiry(now).ToUnixTimeMilliseconds()),
                [":ttl"] = new AttributeValue { N = TableSchema.EpochSeconds(now + options.CompletedTimeToLive) },
                [":nowMs"] = Number(now.ToUnixTimeMilliseconds()),
                [":nowSeconds"] = Number(now.ToUnixTimeSeconds()),
                [":op"] = Number(eventId.OpNum),
            },
            ReturnValues = ReturnValue.ALL_OLD,
        };

        try
        {
            UpdateItemResponse response = await CallAsync(static (s, ct) => s.client.UpdateItemAsync(s.request, ct), (client, request), cancellationToken)
                .ConfigureAwait(false);
            return new Claimed(response.Attributes is { } old && old.TryGetValue(LastOp, out var op)
                && long.TryParse(op.N, CultureInfo.InvariantCulture, out long covered) ? covered : null);
        }
        catch (ConditionalCheckFailedException)
        {
            return null; // someone holds it, or completed at least as much: the caller reads which
        }
    }

    private sealed record Claimed(long? CoveredOp);

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

        // Not conditional on the token: the side effect happened, so "completed through this operation" is the truth
        // even if the claim was taken over meanwhile; only a completion that covered more is kept.
        var request = new UpdateItemRequest
        {
            TableName = options.TableName,
            Key = KeyOf(lease.Handler, lease.ElementId, lease.EventId),
            UpdateExpression = "SET #status = :completed, #ttl = :ttl, #lastOp = :op REMOVE #until, #token",
            ConditionExpression = "attribute_not_exists(#lastOp) OR #lastOp < :op OR #status = :inProgress",
            ExpressionAttributeNames = new()
            {
                ["#status"] = Status,
                ["#ttl"] = TableSchema.TimeToLive,
                ["#until"] = LockedUntil,
                ["#token"] = Token,
                ["#lastOp"] = LastOp,
            },
            ExpressionAttributeValues = new()
            {
                [":completed"] = new AttributeValue { S = Completed },
                [":inProgress"] = new AttributeValue { S = InProgress },
                [":ttl"] = new AttributeValue { N = TableSchema.EpochSeconds(timeProvider.GetUtcNow() + options.CompletedTimeToLive) },
                [":op"] = Number(lease.EventId.OpNum),
            },
        };
        // Not bounded by "before the response is due": the effect has happened, and when it ended that late the bound
        // is spent already, so the completion would be abandoned and a redelivery would apply the effect again once the
        // claim expires. A late response costs a retried batch, which this completion then skips.
        try
        {
            await CallAsync(static (s, ct) => s.client.UpdateItemAsync(s.request, ct), (client, request), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            // A later delivery completed more of the commit already.
        }
    }

    public async ValueTask ReleaseAsync(IdempotencyLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (lease.AlreadyCompleted)
        {
            return;
        }

        var names = new Dictionary<string, string> { ["#token"] = Token, ["#status"] = Status };
        var values = new Dictionary<string, AttributeValue>
        {
            [":token"] = new AttributeValue { S = lease.Token },
            [":inProgress"] = new AttributeValue { S = InProgress },
        };
        const string OwnClaim = "#token = :token AND #status = :inProgress";

        // A claim on the rest of a partly completed commit goes back to "completed through" what was done before.
        AmazonWebServiceRequest request = lease.CompletedThrough is null
            ? new DeleteItemRequest
            {
                TableName = options.TableName,
                Key = KeyOf(lease.Handler, lease.ElementId, lease.EventId),
                ConditionExpression = OwnClaim,
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
            }
            : new UpdateItemRequest
            {
                TableName = options.TableName,
                Key = KeyOf(lease.Handler, lease.ElementId, lease.EventId),
                UpdateExpression = "SET #status = :completed REMOVE #until, #token",
                ConditionExpression = OwnClaim,
                ExpressionAttributeNames = new(names) { ["#until"] = LockedUntil },
                ExpressionAttributeValues = new(values) { [":completed"] = new AttributeValue { S = Completed } },
            };
        using CancellationTokenSource? due = InvocationDeadline.BeforeResponseDue(timeProvider);
        using var bounded = due is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, due.Token);
        try
        {
            CancellationToken token = bounded?.Token ?? cancellationToken;
            if (request is DeleteItemRequest delete)
            {
                await CallAsync(static (s, ct) => s.client.DeleteItemAsync(s.delete, ct), (client, delete), token).ConfigureAwait(false);
            }
            else
            {
                var update = (UpdateItemRequest)request;
                await CallAsync(static (s, ct) => s.client.UpdateItemAsync(s.update, ct), (client, update), token).ConfigureAwait(false);
            }
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
        [TableSchema.SortKey] = new AttributeValue { S = string.Create(CultureInfo.InvariantCulture, $"commit#{eventId.CommitNum}") },
    };
}
