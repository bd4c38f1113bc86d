using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Neptune.Streams.Pump.Neptune;
using Neptune.Streams.Pump.Snapshot;

namespace Neptune.Streams.Pump.State;

/// <summary>The snapshot's progress: item <c>sk = "snapshot"</c> (phase, after, commitNum/opNum of P, elements, fencing).</summary>
public sealed partial class DynamoDbPumpStateStore
{
    /// <inheritdoc />
    public async Task<SnapshotProgress?> GetSnapshotAsync(string pumpId, CancellationToken cancellationToken = default)
    {
        GetItemResponse response = await _dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = _tableName,
            Key = Key(pumpId, "snapshot"),
            ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false);
        if (response.Item is not { Count: > 0 } item || !item.TryGetValue("phase", out AttributeValue? phase))
        {
            return null;
        }

        StreamPosition? position = item.TryGetValue("commitNum", out AttributeValue? commit)
            ? new StreamPosition(long.Parse(commit.N, CultureInfo.InvariantCulture), long.Parse(item["opNum"].N, CultureInfo.InvariantCulture))
            : null;
        return new SnapshotProgress(
            position,
            Enum.Parse<SnapshotPhase>(phase.S),
            item.TryGetValue("after", out AttributeValue? after) ? after.S : null,
            long.Parse(item["elements"].N, CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public async Task<bool> SaveSnapshotAsync(PumpLease lease, SnapshotProgress progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(progress);
        Dictionary<string, AttributeValue> item = Key(lease.PumpId, "snapshot");
        item["phase"] = new AttributeValue { S = progress.Phase.ToString() };
        item["elements"] = Number(progress.ElementsWritten);
        item["fencing"] = Number(lease.FencingToken);
        item["owner"] = new AttributeValue { S = lease.Owner };
        item["updatedAt"] = Number(_timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        if (progress.After is not null)
        {
            item["after"] = new AttributeValue { S = progress.After };
        }

        if (progress.Position is { } position)
        {
            item["commitNum"] = Number(position.CommitNum);
            item["opNum"] = Number(position.OpNum);
        }

        try
        {
            await _dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = _tableName,
                Item = item,
                ConditionExpression = "attribute_not_exists(fencing) OR fencing <= :token",
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":token"] = Number(lease.FencingToken) },
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }
}
