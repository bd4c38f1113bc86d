using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Neptune.Streams.Lambda.Tests.Kinesis;

namespace Neptune.Streams.Lambda.Tests.Processing;

/// <summary>
/// Inputs for the totality properties: random bytes, and real fixtures bent by a few mutations that reach past the
/// outer format (values swapped for <c>null</c>, huge numbers, bad escapes; bytes flipped, cut, repeated).
/// </summary>
internal static class Mutations
{
    private static readonly string[] Tokens =
    [
        "null", "1e308", "-1e308", "-1", "0", "99999999999999999999999", "\"\"", "[]", "{}", "[[[[", "true", "\"x\"",
        "\\", "\"", "\\u0000", "\\uD800", "\\UFFFFFFFF", "\\U80000000", "\\U0011FFFF", "\\q", "\\u12", "<", ">", "_:", "@", "^^",
        "{\"commitNum\":1}", "\"1:\"", "\"ADD\"", "\"REMOVE\"", "\"vl\"", "\"vp\"", "\"e\"", "\"ep\"", "\"ADD_VERTEX\"",
    ];

    /// <summary>Random bytes, up to a few hundred.</summary>
    public static Gen<byte[]> RandomBytes { get; } =
        Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).Resize(400);

    /// <summary>Random bytes that start like a JSON object, so they get past the first-byte check.</summary>
    public static Gen<byte[]> RandomJsonish { get; } =
        Gen.ArrayOf(Gen.Elements("{", "}", "[", "]", ":", ",", "\"", "data", "eventId", "op", "records", "labels", "type", "stmt", "value", "1", "null", "\\", "a", " "))
            .Resize(60).Select(parts => Encoding.UTF8.GetBytes("{" + string.Concat(parts)));

    /// <summary>One to four mutations of one of <paramref name="seeds"/>; a value swapped for a token is the likeliest.</summary>
    public static Gen<byte[]> Of(IReadOnlyList<byte[]> seeds) =>
        from seed in Gen.Elements(seeds.ToArray())
        from count in Gen.Choose(1, 4)
        from operations in Gen.ArrayOf(Gen.Frequency((6, Gen.Choose(0, 5)), (4, Gen.Constant(3))).Zip(Gen.Choose(0, int.MaxValue)).Zip(Gen.Choose(0, int.MaxValue)), count)
        select Apply(seed, operations);

    private static byte[] Apply(byte[] seed, ((int Kind, int A), int B)[] operations)
    {
        var bytes = new List<byte>(seed);
        foreach (var ((kind, a), b) in operations)
        {
            if (bytes.Count == 0)
            {
                bytes.Add((byte)a);
                continue;
            }

            int at = a % bytes.Count;
            switch (kind)
            {
                case 0:
                    bytes[at] ^= (byte)(1 << (b % 8));
                    break;
                case 1:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + (b % 16)));
                    break;
                case 2:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[b % Tokens.Length]));
                    break;
                case 3:
                    ReplaceValue(bytes, at, Tokens[b % Tokens.Length]);
                    break;
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    int length = Math.Min(bytes.Count - at, 1 + (b % 64));
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
            }
        }

        return [.. bytes];
    }

    // The JSON value after the first ':' at or after `at` (up to the next ',' or '}' outside a string) becomes `token`.
    private static void ReplaceValue(List<byte> bytes, int at, string token)
    {
        int colon = bytes.IndexOf((byte)':', at);
        if (colon < 0)
        {
            return;
        }

        int end = colon + 1;
        bool inString = false;
        while (end < bytes.Count && (inString || bytes[end] is not ((byte)',' or (byte)'}' or (byte)']')))
        {
            if (bytes[end] == (byte)'"' && bytes[end - 1] != (byte)'\\')
            {
                inString = !inString;
            }

            end++;
        }

        bytes.RemoveRange(colon + 1, end - colon - 1);
        bytes.InsertRange(colon + 1, Encoding.UTF8.GetBytes(token));
    }

    /// <summary>Every record's decoded data in the fixture events (plain JSON, gzip and KPL as they come).</summary>
    public static IReadOnlyList<byte[]> FixturePayloads(params string[] events) =>
        events.SelectMany(name => Fixture.Event(name).Records).Select(r => Convert.FromBase64String(r.Kinesis.Data)).ToArray();

    /// <summary>Every fixture's JSON payloads after gzip and KPL are undone, so mutations reach the change-record parsers.</summary>
    public static IReadOnlyList<byte[]> FixtureJsonPayloads()
    {
        var payloads = new List<byte[]>();
        using var decoder = new Lambda.Kinesis.KinesisPayloadDecoder(new Lambda.Kinesis.DecodingOptions());
        foreach (string name in AllEvents.Where(n => n != "not-neptune-event.json"))
        {
            foreach (var record in Fixture.Event(name).Records)
            {
                Assert.Null(decoder.Decode(record.Kinesis));
                payloads.AddRange(decoder.Payloads.Select(p => p.Data.ToArray()));
            }
        }

        payloads.Add(Encoding.UTF8.GetBytes("""{"envelope":"neptune-streams/1","id":"e1","labels":["knows","likes"],"from":"a","to":"b","records":[{"eventId":{"commitNum":5,"opNum":1},"op":"ADD","data":{"id":"e1","type":"ep","key":"since","value":{"value":1,"dataType":"Int"}}}]}"""));
        payloads.Add(Encoding.UTF8.GetBytes("""{"eventId":{"commitNum":7,"opNum":1},"op":"ADD","data":{"stmtType":"ADD","s":"<http://s>","p":"http://p","o":"\"lit\"@en"}}"""));
        return payloads;
    }

    public static readonly string[] AllEvents =
    [
        "neptune-export-event.json", "not-neptune-event.json", "nquads-records-event.json", "pg-json-gzip-event.json",
        "pg-json-kpl-event.json", "pg-json-page-event.json", "pg-json-records-event.json", "seed-simplified-event.json",
    ];

    /// <summary>Mutated JSON payloads wrapped again in gzip or a KPL aggregate, so the outer layers pass and the inner break.</summary>
    public static Gen<byte[]> Rewrapped(IReadOnlyList<byte[]> jsonSeeds) =>
        from n in Gen.Choose(1, 3)
        from inner in Gen.ArrayOf(Of(jsonSeeds), n)
        from wrap in Gen.Choose(0, 2)
        select wrap switch
        {
            0 => KinesisPayloadDecoderTests.Gzip(inner[0]),
            1 => KinesisPayloadDecoderTests.KplBytes(["k0", "k1"], inner.Select((d, i) => (i % 2, d)).ToArray()),
            _ => KinesisPayloadDecoderTests.KplBytes(["k0"], inner.Select(d => (0, KinesisPayloadDecoderTests.Gzip(d))).ToArray()),
        };
}
