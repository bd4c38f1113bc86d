using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda.DeadLetters;
using Neptune.Streams.Lambda.Tests.Kinesis;

namespace Neptune.Streams.Lambda.Tests.Processing;

/// <summary>
/// Every kind of bad input, mixed at random with good records: the batch never crashes, every bad record reaches the
/// dead-letter sink with an error naming its shard and sequence number, and every good record around it is handled.
/// </summary>
public sealed class MalformedInputProperties
{
    /// <summary>Kinds of bad payload; each produces bytes that are not a valid Neptune change.</summary>
    private static readonly Func<int, byte[]>[] BadKinds =
    [
        _ => "Hello, this is a test."u8.ToArray(),                                               // not JSON
        n => Encoding.UTF8.GetBytes(Batches.Pg(1, 1, "v", "vl", "label", "person")[..(5 + (n % 60))]), // truncated JSON
        _ => [0xFF, 0xFE, 0x00, (byte)'g'],                                                        // invalid UTF-8
        _ => [.. "{\"eventId\":\"1:1\",\"op\":\"ADD\",\"data\":{\"id\":\""u8, 0xC3, 0x28, .. "\",\"type\":\"vl\",\"value\":{\"value\":\"x\"}}}"u8], // invalid UTF-8 inside a string
        n => Encoding.UTF8.GetBytes(new string('[', 100 + n) + new string(']', 100 + n)),          // deep nesting
        n => Encoding.UTF8.GetBytes("{\"eventId\":\"1:1\",\"op\":\"ADD\",\"data\":{\"id\":\"v\",\"type\":\"vp\",\"value\":{\"value\":\"" + new string('x', 100_000 + n) + "\"}}}"), // huge string, no key
        n => Encoding.UTF8.GetBytes($"{{\"eventId\":\"1:1\",\"op\":\"ADD\",\"data\":{{\"id\":\"v\",\"type\":\"q{n % 10}\",\"key\":\"k\"}}}}"), // unknown type code
        _ => Encoding.UTF8.GetBytes("{\"eventId\":{\"commitNum\":[1],\"opNum\":1},\"op\":\"ADD\",\"data\":{\"id\":\"v\",\"type\":\"vl\",\"value\":{\"value\":\"x\"}}}"), // wrong field type
        _ => Encoding.UTF8.GetBytes("{\"eventId\":\"1:1\",\"op\":7,\"data\":\"not an object\"}"),   // wrong field types
        n => BadMd5(n),                                                                             // KPL with a bad MD5
        _ => KinesisPayloadDecoderTests.Gzip(new byte[40 * 1024 * 1024]),                           // gzip bomb (40 MiB of zeros)
        n => KinesisPayloadDecoderTests.Gzip(Encoding.UTF8.GetBytes("{\"truncated\": " + n)),      // gzip of garbage
        _ => [],                                                                                    // empty
    ];

    private static readonly byte[] Bomb = KinesisPayloadDecoderTests.Gzip(new byte[40 * 1024 * 1024]);

    private static byte[] BadMd5(int n)
    {
        byte[] kpl = KinesisPayloadDecoderTests.Kpl(["a"], [(0, Batches.Pg(1, 1, "v", "vl", "label", "person", last: true))]);
        kpl[^(1 + (n % 16))] ^= 0x5A;
        return kpl;
    }

    [Property(MaxTest = 100)]
    public Property MixedBadAndGoodRecords_BadOnesAreDeadLetteredGoodOnesHandled()
    {
        var layout = Gen.ListOf(Gen.Choose(-1, BadKinds.Length - 1).Zip(Gen.Choose(0, 1000))).Select(l => l.ToArray());
        return Prop.ForAll(layout.ToArbitrary(), items =>
        {
            var payloads = new List<byte[]>();
            var expectedGood = new List<string>();
            var expectedBad = new List<string>();
            for (int i = 0; i < items.Length; i++)
            {
                var (kind, n) = items[i];
                if (kind < 0)
                {
                    string id = $"good{i}";
                    expectedGood.Add(id);
                    payloads.Add(Encoding.UTF8.GetBytes(Batches.Pg(10_000 + i, 1, id, "vl", "label", "person", last: true)));
                }
                else
                {
                    expectedBad.Add(Batches.Sequence(i));
                    payloads.Add(kind == 10 ? Bomb : BadKinds[kind](n));
                }
            }

            var sink = new Sink();
            var function = new RecordingFunction(b =>
            {
                b.Services.AddSingleton<IDeadLetterSink>(sink);
                b.Options.Decoding.MaxInflatedBytes = 1024 * 1024;
            });
            try
            {
                var response = function.ProcessAsync(Batches.OfBytes([.. payloads])).GetAwaiter().GetResult();

                return response.BatchItemFailures.Count == 0
                    && function.Recorder.Events.Select(e => e.Id).SequenceEqual(expectedGood)
                    && sink.Records.Select(r => r.Position.SequenceNumber).SequenceEqual(expectedBad)
                    && sink.Records.All(r => r.Position.ShardId == "shardId-000000000000" && r.Reason.Length > 0
                        && r.ToString().Contains(r.Position.SequenceNumber, StringComparison.Ordinal));
            }
            finally
            {
                function.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        });
    }

    [Fact]
    public async Task OversizedEvent_OfManyRecordsIsHandledWhole()
    {
        // As many records as fit Lambda's 6 MB payload: nothing is skipped or truncated.
        var payloads = Enumerable.Range(0, 8000)
            .Select(i => Encoding.UTF8.GetBytes(Batches.Pg(i + 1, 1, $"v{i}", "vl", "label", "person", last: true)))
            .ToArray();
        await using var function = new RecordingFunction();

        var response = await function.ProcessAsync(Batches.OfBytes(payloads));

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(8000, function.Recorder.Events.Count);
    }

    private sealed class Sink : IDeadLetterSink
    {
        public List<PoisonRecord> Records { get; } = [];

        public ValueTask SendAsync(PoisonRecord record, CancellationToken cancellationToken = default)
        {
            Records.Add(record);
            return ValueTask.CompletedTask;
        }
    }
}
