using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Neptune.Streams.Lambda.GraphEvents;

namespace AuditLog.Audit;

/// <summary>The audit table: a conditional write per event, and the query by element id.</summary>
public sealed class AuditTable(IAmazonDynamoDB dynamoDb, AuditLogOptions options, TimeProvider timeProvider)
{
    /// <summary>
    /// Writes the event's item unless an item with the same element id and Neptune event id exists. Returns false when
    /// it did: the event was delivered before (a replay), and the first item stays as it was.
    /// </summary>
    public async Task<bool> WriteAsync(GraphEvent graphEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(graphEvent);
        var request = new PutItemRequest
        {
            TableName = options.TableName,
            Item = AuditItem.From(graphEvent, options, timeProvider.GetUtcNow()),
            ConditionExpression = "attribute_not_exists(#sk)",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#sk"] = AuditKeys.EventId },
        };
        try
        {
            await dynamoDb.PutItemAsync(request, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <summary>Every audit entry of one element, oldest first (stream order), across as many pages as it takes.</summary>
    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(string elementId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(elementId);
        var entries = new List<AuditEntry>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await dynamoDb.QueryAsync(new QueryRequest
            {
                TableName = options.TableName,
                KeyConditionExpression = "#pk = :id",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = AuditKeys.ElementId },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":id"] = new() { S = AuditKeys.PartitionKey(elementId) } },
                ExclusiveStartKey = start,
                ConsistentRead = true,
                Limit = QueryPageSize,
            }, cancellationToken).ConfigureAwait(false);
            foreach (var item in response.Items ?? [])
            {
                entries.Add(AuditItem.ToEntry(item));
            }

            start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return entries;
    }

    /// <summary>Items per query page; small values make tests cross pages.</summary>
    /// <value>100.</value>
    public int QueryPageSize { get; init; } = 100;
}
