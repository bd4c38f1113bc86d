using System.Globalization;
using Neptune.Streams.Lambda.GraphEvents;

namespace AuditLog.Audit;

/// <summary>The audit table's attribute names and the sort-key format.</summary>
public static class AuditKeys
{
    /// <summary>Partition key: the vertex or edge id (the subject for RDF events).</summary>
    public const string ElementId = "elementId";

    /// <summary>Sort key: the Neptune event id, zero-padded so that text order is stream order.</summary>
    public const string EventId = "eventId";

    /// <summary>TTL attribute: epoch seconds.</summary>
    public const string ExpiresAt = "expiresAt";

    /// <summary>The sort key of a Neptune event id: <c>00000000000000004711:0000000001</c>.</summary>
    public static string SortKey(NeptuneEventId eventId) =>
        string.Create(CultureInfo.InvariantCulture, $"{eventId.CommitNum:D20}:{eventId.OpNum:D10}");
}
