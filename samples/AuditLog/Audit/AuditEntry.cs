namespace AuditLog.Audit;

/// <summary>One audit item as read back: who (element), what (kind, labels, property changes), when, and where in Kinesis.</summary>
public sealed record AuditEntry
{
    /// <summary>The vertex or edge id (the subject for RDF events).</summary>
    public required string ElementId { get; init; }

    /// <summary>The Neptune event id (<c>commitNum:opNum</c>) of the event's first record.</summary>
    public required string NeptuneEventId { get; init; }

    /// <summary>The graph event kind (<c>VertexAdded</c>, …).</summary>
    public required string Kind { get; init; }

    /// <summary>The element's labels as the event carried them.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>An edge's source vertex.</summary>
    public string? From { get; init; }

    /// <summary>An edge's target vertex.</summary>
    public string? To { get; init; }

    /// <summary>Each property the event touched and how: <c>Added</c>, <c>Removed</c> or <c>Changed</c>.</summary>
    public IReadOnlyDictionary<string, string> Changes { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The attributes left out because the item would have exceeded DynamoDB's 400 KB (<c>values</c> first): empty for
    /// every ordinary event.
    /// </summary>
    public IReadOnlyList<string> Truncated { get; init; } = [];

    /// <summary>Old values by property; empty unless <see cref="AuditLogOptions.IncludeValues"/> was on.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> OldValues { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>New values by property; empty unless <see cref="AuditLogOptions.IncludeValues"/> was on.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> NewValues { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The transaction's commit number.</summary>
    public long CommitNum { get; init; }

    /// <summary>When Neptune committed the transaction, when the records said.</summary>
    public DateTimeOffset? CommitTimestamp { get; init; }

    /// <summary>The Kinesis shard the event came from.</summary>
    public required string ShardId { get; init; }

    /// <summary>The Kinesis sequence number of the event's last record.</summary>
    public required string SequenceNumber { get; init; }

    /// <summary>The KPL sub-sequence number, or -1.</summary>
    public int SubSequenceNumber { get; init; } = -1;

    /// <summary>When the function wrote the item (first delivery).</summary>
    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>When DynamoDB's TTL may delete the item.</summary>
    public DateTimeOffset ExpiresAt { get; init; }
}
