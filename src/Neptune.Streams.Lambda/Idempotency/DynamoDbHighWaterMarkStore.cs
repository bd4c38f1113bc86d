using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Neptune.Streams.Lambda.Checkpoints;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Resilience;

namespace Neptune.Streams.Lambda.Idempotency;

/// <summary>
/// High-water marks in DynamoDB, one item per handler and element, advanced by a conditional <c>PutItem</c> on the
/// zero-padded event id so the mark only moves forward, whatever order concurrent writers land in.
/// </summary>
internal sealed class DynamoDbHighWaterMarkStore(IAmazonDynamoDB client, IdempotencyOptions options, AwsCallPipeline pipeline, TimeProvider timeProvider)
    : IHighWaterMarkStore
{
    private const string Mark = "mark";
    private const string EventId = "eventId";
    private const string Timestamp = "ts";

    public async ValueTask<NeptuneEventId?> GetAsync(string handler, string elementId, CancellationToken cancellationToken = default)
    {
        var request = new GetItemRequest { TableName = options.TableName, Key = KeyOf(handler, elementId), ConsistentRead = true };
        GetItemResponse response = await CallAsync(static (s, ct) => s.client.GetItemAsync(s.request, ct), (client, request), cancellationToken)
            .ConfigureAwait(false);
        return response.Item is { } item && item.TryGetValue(EventId, out var value) && NeptuneEventId.TryParse(value.S, out var eventId)
            ? eventId
            : null;
    }

    public async ValueTask<bool> TryAdvanceAsync(string handler, string elementId, NeptuneEventId eventId, CancellationToken cancellationToken = default)
    {
        string mark = SortableEventId.Format(eventId);
        Dictionary<string, AttributeValue> item = KeyOf(handler, elementId);
        item[Mark] = new AttributeValue { S = mark };
        item[EventId] = new AttributeValue { S = eventId.ToString() };
        item[Timestamp] = new AttributeValue { S = timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) };
        var request = new PutItemRequest
        {
            TableName = options.TableName,
            Item = item,
            ConditionExpression = "attribute_not_exists(#mark) OR #mark < :mark",
            ExpressionAttributeNames = new() { ["#mark"] = Mark },
            ExpressionAttributeValues = new() { [":mark"] = new AttributeValue { S = mark } },
        };
        try
        {
            await CallAsync(static (s, ct) => s.client.PutItemAsync(s.request, ct), (client, request), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    private Task<TResponse> CallAsync<TState, TResponse>(
        Func<TState, CancellationToken, Task<TResponse>> call, TState state, CancellationToken cancellationToken) =>
        pipeline.ExecuteOrFailAsync(
            call,
            state,
            (reason, ex) => new IdempotencyStoreException($"The high-water-mark table {options.TableName} could not be used: {reason}.", ex),
            cancellationToken);

    private static Dictionary<string, AttributeValue> KeyOf(string handler, string elementId)
    {
        DynamoDbIdempotencyStore.ValidateHandler(handler);
        ArgumentException.ThrowIfNullOrEmpty(elementId);
        return new()
        {
            [TableSchema.PartitionKey] = new AttributeValue { S = ElementKeys.For(TableSchema.HighWaterMarkPrefix, handler, elementId) },
            [TableSchema.SortKey] = new AttributeValue { S = "hwm" },
        };
    }
}
