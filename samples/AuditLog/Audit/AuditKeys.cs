using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Neptune.Streams.Lambda.GraphEvents;

namespace AuditLog.Audit;

/// <summary>The audit table's attribute names and the sort-key format.</summary>
public static class AuditKeys
{
    /// <summary>
    /// Partition key: the vertex or edge id (the subject for RDF events), or <c>sha256:</c> and its hash when the id is
    /// longer than DynamoDB's 2,048-byte partition key (or itself starts with <c>sha256:</c>); see <see cref="PartitionKey"/>.
    /// </summary>
    public const string ElementId = "elementId";

    /// <summary>Sort key: the Neptune event id, zero-padded so that text order is stream order.</summary>
    public const string EventId = "eventId";

    /// <summary>The full element id, kept beside a hashed partition key.</summary>
    public const string FullElementId = "id";

    /// <summary>DynamoDB's limit on a partition key, in UTF-8 bytes.</summary>
    public const int MaxPartitionKeyBytes = 2048;

    /// <summary>TTL attribute: epoch seconds.</summary>
    public const string ExpiresAt = "expiresAt";

    /// <summary>
    /// The partition key of an element: its id, or a hash of it when the id would not fit. Anyone who can write the graph
    /// chooses ids, so an oversized one must not make every write of its event fail (and stall the shard).
    /// </summary>
    public static string PartitionKey(string elementId)
    {
        ArgumentNullException.ThrowIfNull(elementId);
        return Encoding.UTF8.GetByteCount(elementId) <= MaxPartitionKeyBytes && !elementId.StartsWith(HashMarker, StringComparison.Ordinal)
            ? elementId
            : HashMarker + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(elementId)));
    }

    private const string HashMarker = "sha256:";

    /// <summary>The sort key of a Neptune event id: <c>00000000000000004711:0000000001</c>.</summary>
    public static string SortKey(NeptuneEventId eventId) =>
        string.Create(CultureInfo.InvariantCulture, $"{eventId.CommitNum:D20}:{eventId.OpNum:D10}");
}
