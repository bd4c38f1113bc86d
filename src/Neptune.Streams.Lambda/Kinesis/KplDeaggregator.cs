using System.Security.Cryptography;
using System.Text;

namespace Neptune.Streams.Lambda.Kinesis;

/// <summary>
/// Splits a KPL-aggregated record (magic <c>F3 89 9A C2</c>, protobuf <c>AggregatedRecord</c>, MD5 trailer) into
/// its user records, which keep the parent's sequence number and get their index as sub-sequence number.
/// </summary>
internal static class KplDeaggregator
{
    private const int MagicLength = 4;
    private const int DigestLength = 16;

    /// <summary>True when the bytes start with the KPL magic number.</summary>
    public static bool IsAggregated(ReadOnlySpan<byte> data) =>
        data.Length >= MagicLength && data[0] == 0xF3 && data[1] == 0x89 && data[2] == 0x9A && data[3] == 0xC2;

    /// <summary>Adds the user records of <paramref name="data"/> to <paramref name="output"/>; returns null or the reason it failed.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351", Justification = "The KPL format's integrity check is MD5; it is not used for security.")]
    public static string? Deaggregate(ReadOnlyMemory<byte> data, List<KinesisPayload> output)
    {
        if (data.Length < MagicLength + DigestLength)
        {
            return "KPL aggregated record is shorter than its magic number and MD5 trailer";
        }

        ReadOnlyMemory<byte> body = data[MagicLength..^DigestLength];
        Span<byte> digest = stackalloc byte[DigestLength];
        MD5.HashData(body.Span, digest);
        if (!digest.SequenceEqual(data.Span[^DigestLength..]))
        {
            return "KPL aggregated record fails its MD5 check";
        }

        var keys = new List<string>();
        int first = output.Count;
        var reader = new ProtobufReader(body);
        while (!reader.End)
        {
            if (!reader.TryReadTag(out int field, out int wireType))
            {
                return "KPL aggregated record has a malformed protobuf tag";
            }

            if (field == 1 && wireType == ProtobufReader.LengthDelimited)
            {
                if (!reader.TryReadBytes(out var key))
                {
                    return "KPL aggregated record has a truncated partition key";
                }

                keys.Add(Encoding.UTF8.GetString(key.Span));
            }
            else if (field == 3 && wireType == ProtobufReader.LengthDelimited)
            {
                if (!reader.TryReadBytes(out var record))
                {
                    return "KPL aggregated record has a truncated user record";
                }

                string? error = ReadUserRecord(record, output.Count - first, output);
                if (error is not null)
                {
                    return error;
                }
            }
            else if (!reader.TrySkip(wireType))
            {
                return "KPL aggregated record has a malformed protobuf field";
            }
        }

        if (output.Count == first)
        {
            return "KPL aggregated record holds no user records";
        }

        // Partition keys are resolved after the table is read: protobuf does not promise field order.
        for (int i = first; i < output.Count; i++)
        {
            int index = int.Parse(output[i].PartitionKey, System.Globalization.CultureInfo.InvariantCulture);
            if (index >= keys.Count)
            {
                return $"KPL sub-record {i - first} names partition key {index}, but the table has {keys.Count}";
            }

            output[i] = output[i] with { PartitionKey = keys[index] };
        }

        return null;
    }

    private static string? ReadUserRecord(ReadOnlyMemory<byte> record, int subSequence, List<KinesisPayload> output)
    {
        var reader = new ProtobufReader(record);
        ulong keyIndex = 0;
        ReadOnlyMemory<byte>? data = null;
        while (!reader.End)
        {
            if (!reader.TryReadTag(out int field, out int wireType))
            {
                return $"KPL sub-record {subSequence} has a malformed protobuf tag";
            }

            if (field == 1 && wireType == ProtobufReader.Varint)
            {
                if (!reader.TryReadVarint(out keyIndex))
                {
                    return $"KPL sub-record {subSequence} has a malformed partition key index";
                }
            }
            else if (field == 3 && wireType == ProtobufReader.LengthDelimited)
            {
                if (!reader.TryReadBytes(out var bytes))
                {
                    return $"KPL sub-record {subSequence} has truncated data";
                }

                data = bytes;
            }
            else if (!reader.TrySkip(wireType))
            {
                return $"KPL sub-record {subSequence} has a malformed protobuf field";
            }
        }

        if (data is null)
        {
            return $"KPL sub-record {subSequence} has no data";
        }

        if (keyIndex > int.MaxValue)
        {
            return $"KPL sub-record {subSequence} names an impossible partition key index";
        }

        // The key index is kept as text until the key table is complete.
        output.Add(new KinesisPayload(data.Value, subSequence, ((int)keyIndex).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return null;
    }
}
