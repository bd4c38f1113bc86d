using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Neptune.Streams.Lambda.Checkpoints;
using Neptune.Streams.Pump.Neptune;

namespace Neptune.Streams.Pump.State;

/// <summary>
/// Pump state in the shared DynamoDB table (<c>pk</c>, <c>sk</c>): items <c>pk = "pump#&lt;id&gt;"</c> with
/// <c>sk = "lease"</c> (owner, expiresAt, fencing) and <c>sk = "position"</c> (commitNum, opNum, fencing), written with
/// conditions only; a position write is one transaction with a condition check on the lease item.
/// </summary>
public sealed partial class DynamoDbPumpStateStore : IPumpStateStore
{
    private readonly IAmazonDynamoDB _dynamo;
    private readonly string _tableName;
    private readonly TimeProvider _timeProvider;

    /// <summary>Uses <paramref name="tableName"/> through <paramref name="dynamo"/>.</summary>
    public DynamoDbPumpStateStore(IAmazonDynamoDB dynamo, string tableName, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(dynamo);
        ArgumentException.ThrowIfNullOrEmpty(tableName);
        _dynamo = dynamo;
        _tableName = tableName;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async Task<PumpLease?> TryAcquireLeaseAsync(string pumpId, string owner, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        DateTimeOffset expires = now + duration;
        try
        {
            UpdateItemResponse response = await _dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _tableName,
                Key = Key(pumpId, "lease"),
                UpdateExpression = "SET #owner = :owner, expiresAt = :expires ADD fencing :one",
                ConditionExpression = "attribute_not_exists(pk) OR expiresAt < :now OR #owner = :owner",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#owner"] = "owner" },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":owner"] = new() { S = owner },
                    [":expires"] = Number(expires.ToUnixTimeMilliseconds()),
                    [":now"] = Number(now.ToUnixTimeMilliseconds()),
                    [":one"] = Number(1),
                },
                ReturnValues = ReturnValue.ALL_NEW,
            }, cancellationToken).ConfigureAwait(false);
            return new PumpLease(pumpId, owner, long.Parse(response.Attributes["fencing"].N, CultureInfo.InvariantCulture), expires);
        }
        catch (ConditionalCheckFailedException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<PumpLease?> RenewLeaseAsync(PumpLease lease, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        DateTimeOffset expires = _timeProvider.GetUtcNow() + duration;
        return await SetExpiryAsync(lease, expires, cancellationToken).ConfigureAwait(false) ? lease with { ExpiresAt = expires } : null;
    }

    /// <inheritdoc />
    public async Task ReleaseLeaseAsync(PumpLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        await SetExpiryAsync(lease, DateTimeOffset.UnixEpoch, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<StreamPosition?> GetPositionAsync(string pumpId, CancellationToken cancellationToken = default)
    {
        GetItemResponse response = await _dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = _tableName,
            Key = Key(pumpId, "position"),
            ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false);
        if (response.Item is not { Count: > 0 } item || !item.TryGetValue("commitNum", out AttributeValue? commit))
        {
            return null;
        }

        return new StreamPosition(
            long.Parse(commit.N, CultureInfo.InvariantCulture), long.Parse(item["opNum"].N, CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public async Task<bool> SavePositionAsync(PumpLease lease, StreamPosition position, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        try
        {
            // One transaction: the position moves only while this lease is still the lease (fenced on the lease item),
            // and never under an older lease than the one that wrote it.
            await _dynamo.TransactWriteItemsAsync(new TransactWriteItemsRequest
            {
                TransactItems =
                [
                    new TransactWriteItem
                    {
                        ConditionCheck = new ConditionCheck
                        {
                            TableName = _tableName,
                            Key = Key(lease.PumpId, "lease"),
                            ConditionExpression = "#owner = :owner AND fencing = :token",
                            ExpressionAttributeNames = new Dictionary<string, string> { ["#owner"] = "owner" },
                            ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                            {
                                [":owner"] = new() { S = lease.Owner },
                                [":token"] = Number(lease.FencingToken),
                            },
                        },
                    },
                    new TransactWriteItem
                    {
                        Update = new Update
                        {
                            TableName = _tableName,
                            Key = Key(lease.PumpId, "position"),
                            UpdateExpression = "SET commitNum = :commit, opNum = :op, fencing = :token, #owner = :owner, updatedAt = :now",
                            ConditionExpression = "attribute_not_exists(fencing) OR fencing <= :token",
                            ExpressionAttributeNames = new Dictionary<string, string> { ["#owner"] = "owner" },
                            ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                            {
                                [":commit"] = Number(position.CommitNum),
                                [":op"] = Number(position.OpNum),
                                [":token"] = Number(lease.FencingToken),
                                [":owner"] = new() { S = lease.Owner },
                                [":now"] = Number(_timeProvider.GetUtcNow().ToUnixTimeMilliseconds()),
                            },
                        },
                    },
                ],
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TransactionCanceledException ex) when (ex.CancellationReasons?.Any(r => r.Code == "ConditionalCheckFailed") ?? true)
        {
            return false;
        }
    }

    private async Task<bool> SetExpiryAsync(PumpLease lease, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        try
        {
            await _dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _tableName,
                Key = Key(lease.PumpId, "lease"),
                UpdateExpression = "SET expiresAt = :expires",
                ConditionExpression = "#owner = :owner AND fencing = :token",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#owner"] = "owner" },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":expires"] = Number(expires.ToUnixTimeMilliseconds()),
                    [":owner"] = new() { S = lease.Owner },
                    [":token"] = Number(lease.FencingToken),
                },
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    private static Dictionary<string, AttributeValue> Key(string pumpId, string sk) => new()
    {
        [TableSchema.PartitionKey] = new AttributeValue { S = TableSchema.PumpPrefix + pumpId },
        [TableSchema.SortKey] = new AttributeValue { S = sk },
    };

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
