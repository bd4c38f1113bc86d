using System.Security.Cryptography;
using System.Text;

namespace Neptune.Streams.Lambda.Testing;

/// <summary>
/// Packs user records into one KPL-aggregated Kinesis record as the Kinesis Producer Library writes it: magic
/// <c>F3 89 9A C2</c>, a protobuf <c>AggregatedRecord</c> (partition key table, then records), an MD5 trailer.
/// </summary>
internal static class KplAggregate
{
    private static readonly byte[] Magic = [0xF3, 0x89, 0x9A, 0xC2];

    public static byte[] Pack(IReadOnlyList<(string PartitionKey, byte[] Data)> records)
    {
        var keys = new List<string>();
        foreach ((string key, _) in records)
        {
            if (!keys.Contains(key))
            {
                keys.Add(key);
            }
        }

        using var body = new MemoryStream();
        foreach (string key in keys)
        {
            WriteBytes(body, 1, Encoding.UTF8.GetBytes(key)); // partition_key_table
        }

        foreach ((string key, byte[] data) in records)
        {
            using var record = new MemoryStream();
            record.WriteByte(1 << 3); // partition_key_index, varint
            WriteVarint(record, (ulong)keys.IndexOf(key));
            WriteBytes(record, 3, data); // data
            WriteBytes(body, 3, record.ToArray()); // records
        }

        byte[] protobuf = body.ToArray();
#pragma warning disable CA5351 // The KPL format's integrity check is MD5; it is not used for security.
        byte[] digest = MD5.HashData(protobuf);
#pragma warning restore CA5351
        return [.. Magic, .. protobuf, .. digest];
    }

    private static void WriteBytes(Stream stream, int field, byte[] bytes)
    {
        stream.WriteByte((byte)((field << 3) | 2));
        WriteVarint(stream, (ulong)bytes.Length);
        stream.Write(bytes);
    }

    private static void WriteVarint(Stream stream, ulong value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        stream.WriteByte((byte)value);
    }
}
