using System.Security.Cryptography;
using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Lambda.IntegrationTests.Support;

/// <summary>
/// Packs the records of a batch into one KPL-aggregated record (magic <c>F3 89 9A C2</c>, protobuf
/// <c>AggregatedRecord</c>, MD5 trailer), as the Kinesis Producer Library writes it.
/// </summary>
internal static class KplAggregate
{
    public static KinesisEvent Of(KinesisEvent batch)
    {
        var keys = batch.Records.Select(r => r.Kinesis.PartitionKey).Distinct().ToList();
        using var body = new MemoryStream();
        foreach (string key in keys)
        {
            WriteBytes(body, 1, System.Text.Encoding.UTF8.GetBytes(key));
        }

        foreach (KinesisEventRecord record in batch.Records)
        {
            using var sub = new MemoryStream();
            sub.WriteByte(1 << 3);
            WriteVarint(sub, (ulong)keys.IndexOf(record.Kinesis.PartitionKey));
            WriteBytes(sub, 3, Convert.FromBase64String(record.Kinesis.Data));
            WriteBytes(body, 3, sub.ToArray());
        }

        byte[] protobuf = body.ToArray();
#pragma warning disable CA5351 // The KPL format's integrity check is MD5; not used for security.
        byte[] digest = MD5.HashData(protobuf);
#pragma warning restore CA5351
        byte[] data = [0xF3, 0x89, 0x9A, 0xC2, .. protobuf, .. digest];

        KinesisEventRecord first = batch.Records[0];
        first.Kinesis.Data = Convert.ToBase64String(data);
        batch.Records = [first];
        return batch;
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
