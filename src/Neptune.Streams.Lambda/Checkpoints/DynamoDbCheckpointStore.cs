using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Resilience;

namespace Neptune.Streams.Lambda.Checkpoints;

/// <summary>
/// Checkpoints in DynamoDB: one item per key, read with <c>GetItem</c> (consistent) and written with a conditional
/// <c>PutItem</c> whose condition on the zero-padded position keeps it moving forward only.
/// </summary>
internal sealed class DynamoDbCheckpointStore(IAmazonDynamoDB client, CheckpointOptions options, AwsCallPipeline pipeline, TimeProvider timeProvider)
    : ICheckpointStore
{
    private const string Position = "pos";
    private const string Sequence = "seq";
    private const string SubSequence = "sub";
    private const string EventId = "eventId";
    private const string Timestamp = "ts";
    private const int BatchGetLimit = 100;
    private const int MaxBatchGetRounds = 5;

    private readonly string _table = options.TableName;

    public async ValueTask<Checkpoint?> GetAsync(CheckpointKey key, CancellationToken cancellationToken = default)
    {
        var request = new GetItemRequest { TableName = _table, Key = KeyOf(key), ConsistentRead = true };
        GetItemResponse response = await CallAsync(
            static (s, ct) => s.client.GetItemAsync(s.request, ct), (client, request), key, "read", cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? Read(item, key) : null;
    }

    public async ValueTask<IReadOnlyDictionary<CheckpointKey, Checkpoint>> GetManyAsync(
        IReadOnlyCollection<CheckpointKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var found = new Dictionary<CheckpointKey, Checkpoint>();
        var byItemKey = new Dictionary<(string, string), CheckpointKey>();
        foreach (CheckpointKey key in keys)
        {
            byItemKey[(PartitionKeyOf(key), SortKeyOf(key))] = key;
        }

        foreach (var chunk in byItemKey.Keys.Chunk(BatchGetLimit))
        {
            List<Dictionary<string, AttributeValue>> pending = [.. chunk.Select(k => ItemKey(k.Item1, k.Item2))];
            for (int round = 0; pending.Count > 0; round++)
            {
                if (round == MaxBatchGetRounds)
                {
                    throw new CheckpointStoreException(
                        $"DynamoDB left {pending.Count} checkpoint key(s) of {keys.First()} unprocessed {MaxBatchGetRounds} times in table {_table}.");
                }

                var request = new BatchGetItemRequest
                {
                    RequestItems = new() { [_table] = new KeysAndAttributes { Keys = pending, ConsistentRead = true } },
                };
                BatchGetItemResponse response = await CallAsync(
                    static (s, ct) => s.client.BatchGetItemAsync(s.request, ct), (client, request), keys.First(), "read", cancellationToken)
                    .ConfigureAwait(false);
                if (response.Responses?.TryGetValue(_table, out var items) == true)
                {
                    foreach (var item in items)
                    {
                        CheckpointKey key = byItemKey[(item[TableSchema.PartitionKey].S, item[TableSchema.SortKey].S)];
                        found[key] = Read(item, key);
                    }
                }

                // Keys DynamoDB did not get to (throughput) are asked for again; the pipeline's backoff paces it.
                pending = response.UnprocessedKeys?.TryGetValue(_table, out var left) == true && left.Keys is { Count: > 0 } ? left.Keys : [];
            }
        }

        return found;
    }

    public async ValueTask<CheckpointWriteOutcome> AdvanceAsync(CheckpointKey key, Checkpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        Dictionary<string, AttributeValue> item = KeyOf(key);
        item[Position] = new AttributeValue { S = checkpoint.SortKey };
        item[Sequence] = new AttributeValue { S = SequenceNumber.Pad(checkpoint.SequenceNumber) };
        item[Timestamp] = new AttributeValue { S = checkpoint.Timestamp.ToString("O", CultureInfo.InvariantCulture) };
        if (checkpoint.SubSequenceNumber is { } sub)
        {
            item[SubSequence] = new AttributeValue { N = sub.ToString(CultureInfo.InvariantCulture) };
        }

        if (checkpoint.NeptuneEventId is { } eventId)
        {
            item[EventId] = new AttributeValue { S = eventId.ToString() };
        }

        if (options.TimeToLive is { } ttl)
        {
            item[TableSchema.TimeToLive] = new AttributeValue { N = TableSchema.EpochSeconds(timeProvider.GetUtcNow() + ttl) };
        }

        var request = new PutItemRequest
        {
            TableName = _table,
            Item = item,
            // The padded position makes string order number order, so the condition alone keeps the checkpoint
            // forward-only, whichever of two racing writers lands last.
            ConditionExpression = "attribute_not_exists(#pos) OR #pos < :pos",
            ExpressionAttributeNames = new() { ["#pos"] = Position },
            ExpressionAttributeValues = new() { [":pos"] = new AttributeValue { S = checkpoint.SortKey } },
        };
        try
        {
            await CallAsync(static (s, ct) => s.client.PutItemAsync(s.request, ct), (client, request), key, "written", cancellationToken)
                .ConfigureAwait(false);
            return CheckpointWriteOutcome.Advanced;
        }
        catch (ConditionalCheckFailedException)
        {
            return CheckpointWriteOutcome.AlreadyAtOrBeyond;
        }
    }

    private async ValueTask<TResponse> CallAsync<TState, TResponse>(
        Func<TState, CancellationToken, Task<TResponse>> call, TState state, CheckpointKey key, string what, CancellationToken cancellationToken) =>
        await pipeline.ExecuteOrFailAsync(
            call,
            state,
            (reason, ex) => new CheckpointStoreException($"The checkpoint of {key} could not be {what} in table {_table}: {reason}.", ex),
            cancellationToken).ConfigureAwait(false);

    private static Checkpoint Read(Dictionary<string, AttributeValue> item, CheckpointKey key)
    {
        try
        {
            string sequence = item[Sequence].S;
            int? sub = item.TryGetValue(SubSequence, out var s) && s.N is { } n ? int.Parse(n, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : null;
            NeptuneEventId? eventId = item.TryGetValue(EventId, out var e) && NeptuneEventId.TryParse(e.S, out var id) ? id : null;
            DateTimeOffset timestamp = item.TryGetValue(Timestamp, out var t) && t.S is { } text
                ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
                : DateTimeOffset.MinValue;
            return new Checkpoint(sequence, sub, eventId, timestamp);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or FormatException or OverflowException or ArgumentException or NullReferenceException)
        {
            throw new CheckpointStoreException($"The checkpoint item of {key} is not one this library wrote.", ex);
        }
    }

    private static Dictionary<string, AttributeValue> KeyOf(CheckpointKey key) => ItemKey(PartitionKeyOf(key), SortKeyOf(key));

    private static Dictionary<string, AttributeValue> ItemKey(string pk, string sk) => new()
    {
        [TableSchema.PartitionKey] = new AttributeValue { S = pk },
        [TableSchema.SortKey] = new AttributeValue { S = sk },
    };

    private static string PartitionKeyOf(CheckpointKey key) =>
        $"{TableSchema.CheckpointPrefix}{key.FunctionName}#{key.StreamArn}#{key.ShardId}";

    private static string SortKeyOf(CheckpointKey key) => key.PartitionKey is { } partition ? $"partition#{partition}" : "shard";
}
