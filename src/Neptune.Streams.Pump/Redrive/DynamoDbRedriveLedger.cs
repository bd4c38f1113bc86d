using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Neptune.Streams.Lambda.Checkpoints;

namespace Neptune.Streams.Pump.Redrive;

/// <summary>
/// The redrive ledger in the shared DynamoDB table (<c>pk</c>, <c>sk</c>, <c>ttl</c>): one item per record put back,
/// <c>pk = "redrive#&lt;stream&gt;"</c>, <c>sk = "&lt;shard&gt;/&lt;sequence number&gt;/&lt;sub-sequence number&gt;"</c>,
/// kept for <see cref="Retention"/> (longer than SQS keeps a message, so no duplicate outlives its marker).
/// </summary>
public sealed class DynamoDbRedriveLedger : IRedriveLedger
{
    private readonly IAmazonDynamoDB _dynamo;
    private readonly string _tableName;
    private readonly TimeProvider _timeProvider;

    /// <summary>Uses <paramref name="tableName"/> through <paramref name="dynamo"/>.</summary>
    public DynamoDbRedriveLedger(IAmazonDynamoDB dynamo, string tableName, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(dynamo);
        ArgumentException.ThrowIfNullOrEmpty(tableName);
        _dynamo = dynamo;
        _tableName = tableName;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>How long a marker is kept (its <c>ttl</c>).</summary>
    /// <value>15 days: SQS keeps a message at most 14.</value>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(15);

    /// <inheritdoc />
    public async Task<bool> WasRedrivenAsync(string streamName, DeadLetter deadLetter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);
        GetItemResponse response = await _dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = _tableName,
            Key = Key(streamName, deadLetter),
            ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 };
    }

    /// <inheritdoc />
    public async Task MarkRedrivenAsync(string streamName, DeadLetter deadLetter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);
        Dictionary<string, AttributeValue> item = Key(streamName, deadLetter);
        DateTimeOffset now = _timeProvider.GetUtcNow();
        item["redrivenAt"] = new AttributeValue { N = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) };
        item[TableSchema.TimeToLive] = new AttributeValue { N = TableSchema.EpochSeconds(now + Retention) };
        await _dynamo.PutItemAsync(new PutItemRequest { TableName = _tableName, Item = item }, cancellationToken).ConfigureAwait(false);
    }

    private static Dictionary<string, AttributeValue> Key(string streamName, DeadLetter deadLetter) => new()
    {
        [TableSchema.PartitionKey] = new AttributeValue { S = TableSchema.RedrivePrefix + streamName },
        [TableSchema.SortKey] = new AttributeValue { S = string.Create(CultureInfo.InvariantCulture, $"{deadLetter.ShardId}/{deadLetter.SequenceNumber}/{deadLetter.SubSequenceNumber}") },
    };
}
