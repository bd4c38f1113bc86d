using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Lambda.Tests.Kinesis;

public sealed class KinesisPayloadDecoderTests
{
    private static KinesisStreamRecord RecordOf(byte[] data) => new() { PartitionKey = "pk", SequenceNumber = "1", Data = Convert.ToBase64String(data) };

    [Fact]
    public void PlainPayload_IsDecodedFromBase64()
    {
        using var decoder = new KinesisPayloadDecoder(new DecodingOptions());

        Assert.Null(decoder.Decode(RecordOf("{\"a\":1}"u8.ToArray())));

        var payload = Assert.Single(decoder.Payloads);
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(payload.Data.Span));
        Assert.Equal(KinesisPayload.NotAggregated, payload.SubSequenceNumber);
        Assert.Equal("pk", payload.PartitionKey);
    }

    [Fact]
    public void InvalidBase64_IsAnError()
    {
        using var decoder = new KinesisPayloadDecoder(new DecodingOptions());

        Assert.Equal("data is not valid base64", decoder.Decode(new KinesisStreamRecord { Data = "!!not base64!!" }));
    }

    [Fact]
    public void GzipPayload_IsInflated()
    {
        byte[] text = Encoding.UTF8.GetBytes(new string('x', 100_000));
        using var decoder = new KinesisPayloadDecoder(new DecodingOptions());

        Assert.Null(decoder.Decode(RecordOf(Gzip(text))));

        Assert.Equal(text, Assert.Single(decoder.Payloads).Data.ToArray());
    }

    [Fact]
    public void GzipBomb_IsRefusedAtTheLimit()
    {
        using var decoder = new KinesisPayloadDecoder(new DecodingOptions { MaxInflatedBytes = 64 * 1024 });

        string? error = decoder.Decode(RecordOf(Gzip(new byte[10 * 1024 * 1024])));

        Assert.Equal("gzip payload inflates beyond the 65536-byte limit", error);
    }

    [Fact]
    public void GzipExactlyAtTheLimit_IsAccepted()
    {
        using var decoder = new KinesisPayloadDecoder(new DecodingOptions { MaxInflatedBytes = 65536 });

        Assert.Null(decoder.Decode(RecordOf(Gzip(new byte[65536]))));
        Assert.Equal(65536, decoder.Payloads[0].Data.Length);
    }

    [Fact]
    public void TruncatedGzip_IsAnError()
    {
        byte[] gzip = Gzip(Encoding.UTF8.GetBytes(new string('y', 5000)));
        using var decoder = new KinesisPayloadDecoder(new DecodingOptions());

        Assert.NotNull(decoder.Decode(RecordOf(gzip[..(gzip.Length / 2)])));
    }

    [Fact]
    public void KplFixture_SplitsIntoSubRecordsWithTheirKeys()
    {
        var record = Fixture.Event("pg-json-kpl-event.json").Records[0].Kinesis;
        using var decoder = new KinesisPayloadDecoder(new DecodingOptions());

        Assert.Null(decoder.Decode(record));

        Assert.Equal([0, 1, 2], decoder.Payloads.Select(p => p.SubSequenceNumber));
        Assert.All(decoder.Payloads, p => Assert.Equal("a8c4a1f2-3b7e-5c1d-9e2f-4d6b8a0c2e41", p.PartitionKey));
        Assert.All(decoder.Payloads, p => Assert.StartsWith("{\"commitTimestamp\"", Encoding.UTF8.GetString(p.Data.Span), StringComparison.Ordinal));
    }

    [Fact]
    public void KplWithBadMd5_IsAnError()
    {
        byte[] data = Convert.FromBase64String(Fixture.Event("pg-json-kpl-event.json").Records[0].Kinesis.Data);
        data[^1] ^= 0xFF;
        using var decoder = new KinesisPayloadDecoder(new DecodingOptions());

        Assert.Equal("KPL aggregated record fails its MD5 check", decoder.Decode(RecordOf(data)));
    }

    [Fact]
    public void KplWithTwoKeys_EachSubRecordGetsItsOwn()
    {
        byte[] aggregate = Kpl(["a", "b"], [(1, "{\"x\":1}"), (0, "{\"y\":2}")]);
        using var decoder = new KinesisPayloadDecoder(new DecodingOptions());

        Assert.Null(decoder.Decode(RecordOf(aggregate)));

        Assert.Equal(["b", "a"], decoder.Payloads.Select(p => p.PartitionKey));
    }

    [Fact]
    public void KplNamingAMissingKey_IsAnError()
    {
        using var decoder = new KinesisPayloadDecoder(new DecodingOptions());

        Assert.Contains("names partition key 5", decoder.Decode(RecordOf(Kpl(["a"], [(5, "{}")]))), StringComparison.Ordinal);
    }

    [Fact]
    public void KplWithGzippedSubRecord_IsInflatedWhenOpened()
    {
        byte[] inner = Gzip("{\"z\":3}"u8.ToArray());
        byte[] aggregate = KplBytes(["a"], [(0, inner)]);
        using var decoder = new KinesisPayloadDecoder(new DecodingOptions());

        Assert.Null(decoder.Decode(RecordOf(aggregate)));

        Assert.Equal(inner, decoder.Payloads[0].Data.ToArray());
        Assert.Equal(PayloadStatus.Ready, decoder.Open(0, out var data, out _));
        Assert.Equal("{\"z\":3}", Encoding.UTF8.GetString(data.Span));
    }

    [Fact]
    public void KplOfGzipSubRecords_InflatesOneAtATime_WithinThePerRecordTotal()
    {
        // Four sub-records of 20 MiB each under the default limits (32 MiB each, 64 MiB per record): three fit.
        byte[] inner = Gzip(Padded(20 * 1024 * 1024));
        byte[] aggregate = KplBytes(["a"], [(0, inner), (0, inner), (0, inner), (0, inner)]);
        using var decoder = new KinesisPayloadDecoder(new DecodingOptions());

        Assert.Null(decoder.Decode(RecordOf(aggregate)));
        Assert.Equal(0, decoder.BatchInflatedBytes);

        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(PayloadStatus.Ready, decoder.Open(i, out var data, out _));
            Assert.Equal(20 * 1024 * 1024, data.Length);
        }

        Assert.Equal(PayloadStatus.Poison, decoder.Open(3, out _, out string? error));
        Assert.Equal("KPL sub-record 3: the record inflates beyond its 67108864-byte limit (DecodingOptions.MaxInflatedBytesPerRecord)", error);
        Assert.Equal(60 * 1024 * 1024, decoder.BatchInflatedBytes);
    }

    /// <summary>A valid change record padded with trailing spaces to <paramref name="length"/> bytes.</summary>
    internal static byte[] Padded(int length, string? json = null)
    {
        byte[] record = Encoding.UTF8.GetBytes(json ?? Batches.Pg(1, 1, "v", "vl", "label", "person", last: true));
        byte[] padded = new byte[length];
        padded.AsSpan().Fill((byte)' ');
        record.CopyTo(padded, 0);
        return padded;
    }

    internal static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    internal static byte[] Kpl(string[] keys, (int Key, string Data)[] records) =>
        KplBytes(keys, records.Select(r => (r.Key, Encoding.UTF8.GetBytes(r.Data))).ToArray());

    internal static byte[] KplBytes(string[] keys, (int Key, byte[] Data)[] records)
    {
        var body = new List<byte>();
        foreach (string key in keys)
        {
            Field(body, 1, Encoding.UTF8.GetBytes(key));
        }

        foreach (var (key, data) in records)
        {
            var record = new List<byte> { 0x08 };
            Varint(record, (ulong)key);
            Field(record, 3, data);
            Field(body, 3, record.ToArray());
        }

        byte[] bodyBytes = body.ToArray();
        return [0xF3, 0x89, 0x9A, 0xC2, .. bodyBytes, .. MD5.HashData(bodyBytes)];
    }

    private static void Field(List<byte> output, int number, byte[] payload)
    {
        Varint(output, (ulong)((number << 3) | 2));
        Varint(output, (ulong)payload.Length);
        output.AddRange(payload);
    }

    private static void Varint(List<byte> output, ulong value)
    {
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            output.Add(value != 0 ? (byte)(b | 0x80) : b);
        }
        while (value != 0);
    }
}
