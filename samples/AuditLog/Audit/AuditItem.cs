using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Neptune.Streams.Lambda.GraphEvents;

namespace AuditLog.Audit;

/// <summary>Maps a graph event to an audit item and back.</summary>
internal static class AuditItem
{
    public static Dictionary<string, AttributeValue> From(GraphEvent graphEvent, AuditLogOptions options, DateTimeOffset now)
    {
        DateTimeOffset expires = (graphEvent.CommitTimestamp ?? now) + options.Retention;
        var item = new Dictionary<string, AttributeValue>
        {
            [AuditKeys.ElementId] = S(AuditKeys.PartitionKey(graphEvent.Id)),
            [AuditKeys.EventId] = S(AuditKeys.SortKey(graphEvent.FirstEventId)),
            ["neptuneEventId"] = S(graphEvent.IdempotencyKey),
            ["kind"] = S(graphEvent.Kind.ToString()),
            ["labels"] = new AttributeValue { L = graphEvent.Labels.Select(S).ToList() },
            ["commitNum"] = N(graphEvent.CommitNum),
            ["shardId"] = S(graphEvent.Position.ShardId),
            ["sequenceNumber"] = S(graphEvent.Position.SequenceNumber),
            ["subSequenceNumber"] = N(graphEvent.Position.SubSequenceNumber),
            ["recordedAt"] = S(now.ToString("O", CultureInfo.InvariantCulture)),
            [AuditKeys.ExpiresAt] = N(expires.ToUnixTimeSeconds()),
        };
        if (!string.Equals(item[AuditKeys.ElementId].S, graphEvent.Id, StringComparison.Ordinal))
        {
            item[AuditKeys.FullElementId] = S(graphEvent.Id);
        }

        if (graphEvent.From is { } from)
        {
            item["from"] = S(from);
        }

        if (graphEvent.To is { } to)
        {
            item["to"] = S(to);
        }

        if (graphEvent.CommitTimestamp is { } committed)
        {
            item["commitTimestamp"] = S(committed.ToString("O", CultureInfo.InvariantCulture));
        }

        var changes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        var values = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (PropertyChange change in graphEvent.Properties)
        {
            changes[change.Name] = S(change.Kind.ToString());
            if (options.IncludeValues)
            {
                values[change.Name] = new AttributeValue
                {
                    M = new Dictionary<string, AttributeValue>
                    {
                        ["old"] = new() { L = change.OldValues.Select(v => S(v.ToString())).ToList() },
                        ["new"] = new() { L = change.NewValues.Select(v => S(v.ToString())).ToList() },
                    },
                };
            }
        }

        if (options.IncludeValues && graphEvent.Statement is { } statement)
        {
            // An RDF statement is a value in itself: it is kept only where values are.
            item["statement"] = S(statement.ToString());
        }

        item["changes"] = new AttributeValue { M = changes };
        if (options.IncludeValues)
        {
            item["values"] = new AttributeValue { M = values };
        }

        return FitToItemLimit(item);
    }

    /// <summary>DynamoDB's item limit (400 KB) less a margin for its own accounting.</summary>
    public const int MaxItemBytes = (400 * 1024) - 1024;

    /// <summary>
    /// Keeps the item under DynamoDB's limit: an item over it would fail every attempt and stall the shard. Values go
    /// first, then labels and property names, then the full id; what is dropped is named by <c>truncated</c>.
    /// </summary>
    private static Dictionary<string, AttributeValue> FitToItemLimit(Dictionary<string, AttributeValue> item)
    {
        string[][] dropInOrder = [["values", "statement"], ["labels", "changes", "from", "to"], [AuditKeys.FullElementId]];
        var dropped = new List<string>();
        foreach (string[] names in dropInOrder)
        {
            if (Size(item) <= MaxItemBytes)
            {
                break;
            }

            foreach (string name in names)
            {
                if (item.Remove(name))
                {
                    dropped.Add(name);
                }
            }
        }

        if (dropped.Count > 0)
        {
            item["truncated"] = new AttributeValue { L = dropped.Select(S).ToList() };
        }

        return item;
    }

    /// <summary>An item's size as DynamoDB counts it: names and values in UTF-8 bytes, numbers roughly by their digits.</summary>
    private static long Size(Dictionary<string, AttributeValue> item) =>
        item.Sum(e => System.Text.Encoding.UTF8.GetByteCount(e.Key) + Size(e.Value));

    private static long Size(AttributeValue value) =>
        value.S is { } s ? System.Text.Encoding.UTF8.GetByteCount(s)
        : value.N is { } n ? n.Length
        : value.L is { } l ? 3 + l.Sum(v => 1 + Size(v))
        : value.M is { } m ? 3 + m.Sum(e => 1 + System.Text.Encoding.UTF8.GetByteCount(e.Key) + Size(e.Value))
        : 1;

    public static AuditEntry ToEntry(Dictionary<string, AttributeValue> item)
    {
        var values = item.GetValueOrDefault("values")?.M ?? [];
        return new AuditEntry
        {
            ElementId = item.GetValueOrDefault(AuditKeys.FullElementId)?.S ?? item[AuditKeys.ElementId].S,
            NeptuneEventId = item["neptuneEventId"].S,
            Kind = item["kind"].S,
            Labels = item.GetValueOrDefault("labels")?.L?.Select(v => v.S).ToList() ?? [],
            From = item.GetValueOrDefault("from")?.S,
            To = item.GetValueOrDefault("to")?.S,
            Changes = (item.GetValueOrDefault("changes")?.M ?? []).ToDictionary(e => e.Key, e => e.Value.S, StringComparer.Ordinal),
            OldValues = values.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)List(e.Value, "old"), StringComparer.Ordinal),
            NewValues = values.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)List(e.Value, "new"), StringComparer.Ordinal),
            CommitNum = long.Parse(item["commitNum"].N, CultureInfo.InvariantCulture),
            CommitTimestamp = item.GetValueOrDefault("commitTimestamp")?.S is { } t
                ? DateTimeOffset.Parse(t, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
                : null,
            ShardId = item["shardId"].S,
            SequenceNumber = item["sequenceNumber"].S,
            SubSequenceNumber = int.Parse(item["subSequenceNumber"].N, CultureInfo.InvariantCulture),
            RecordedAt = DateTimeOffset.Parse(item["recordedAt"].S, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(item[AuditKeys.ExpiresAt].N, CultureInfo.InvariantCulture)),
            Truncated = item.GetValueOrDefault("truncated")?.L?.Select(v => v.S).ToList() ?? [],
        };
    }

    private static List<string> List(AttributeValue pair, string side) =>
        pair.M?.GetValueOrDefault(side)?.L?.Select(v => v.S).ToList() ?? [];

    private static AttributeValue S(string value) => new() { S = value };

    private static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
