using System.Security.Cryptography;
using System.Text;

namespace Neptune.Streams.Lambda.Idempotency;

/// <summary>
/// The DynamoDB partition key of an element's items (<c>{prefix}{handler}#{elementId}</c>). Element ids come from
/// whoever writes the graph and may be longer than DynamoDB's 2,048-byte partition key: such an id is replaced by
/// <c>sha256:</c> and its hash, as the pump does for Kinesis partition keys. An id that itself starts with
/// <c>sha256:</c> is hashed too, so a short id can never name a long id's items.
/// </summary>
internal static class ElementKeys
{
    /// <summary>DynamoDB's limit on a partition key, in UTF-8 bytes.</summary>
    public const int MaxPartitionKeyBytes = 2048;

    private const string HashMarker = "sha256:";

    public static string For(string prefix, string handler, string elementId)
    {
        int fixedBytes = Encoding.UTF8.GetByteCount(prefix) + Encoding.UTF8.GetByteCount(handler) + 1;
        if (fixedBytes + HashMarker.Length + 64 > MaxPartitionKeyBytes)
        {
            throw new ArgumentException($"The handler name is too long for a DynamoDB key ({fixedBytes} bytes with its prefix).", nameof(handler));
        }

        bool fits = fixedBytes + Encoding.UTF8.GetByteCount(elementId) <= MaxPartitionKeyBytes;
        string id = fits && !elementId.StartsWith(HashMarker, StringComparison.Ordinal)
            ? elementId
            : HashMarker + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(elementId)));
        return string.Concat(prefix, handler, "#", id);
    }
}
