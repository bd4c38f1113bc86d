using System.Security.Cryptography;
using System.Text;

namespace Neptune.Streams.Pump.Pumping;

/// <summary>The Kinesis partition key of an element: its id, or a hash of it when the id is longer than Kinesis allows.</summary>
internal static class PartitionKeys
{
    public const int MaxLength = 256;

    public static string For(string elementId) => elementId.Length <= MaxLength
        ? elementId
        : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(elementId)));
}
