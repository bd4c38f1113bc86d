using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda.ChangeRecords;
using Neptune.Streams.Lambda.DeadLetters;
using Neptune.Streams.Lambda.Kinesis;
using Neptune.Streams.Lambda.Tests.Kinesis;

namespace Neptune.Streams.Lambda.Tests.Processing;

/// <summary>
/// Every parser is total: over random bytes and mutated real fixtures, each entry point either succeeds or fails with
/// its designated error (a reason string inside, a poison record naming shard and sequence number at the batch, an
/// <see cref="InvalidDataException"/> for an invocation payload that is not a Kinesis event). No other exception.
/// </summary>
public sealed class ParserTotalityProperties
{
    private static readonly IReadOnlyList<byte[]> EventFiles =
        Mutations.AllEvents.Select(name => File.ReadAllBytes(Fixture.PathOf(name))).ToArray();

    private static readonly IReadOnlyList<byte[]> RawPayloads = Mutations.FixturePayloads(Mutations.AllEvents);

    private static readonly IReadOnlyList<byte[]> JsonPayloads = Mutations.FixtureJsonPayloads();

    private static Arbitrary<byte[]> AnyOf(params Gen<byte[]>[] generators) => Gen.OneOf(generators).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property LambdaEvent_IsReadOrRefusedWithInvalidDataException_AndNeverCrashesTheBatch() =>
        Prop.ForAll(AnyOf(Mutations.RandomBytes, Mutations.RandomJsonish, Mutations.Of(EventFiles)), bytes =>
        {
            var sink = new Sink();
            var function = new RecordingFunction(b => b.Services.AddSingleton<IDeadLetterSink>(sink));
            try
            {
                using var output = function.FunctionHandler(new MemoryStream(bytes)).GetAwaiter().GetResult();
                string response = new StreamReader(output).ReadToEnd();
                return response == """{"batchItemFailures":[]}""" && sink.AllNameTheirRecord();
            }
            catch (InvalidDataException ex)
            {
                return ex.Message.StartsWith("The invocation payload", StringComparison.Ordinal);
            }
            finally
            {
                function.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        });

    [Property(MaxTest = 300)]
    public Property KinesisRecordData_AnyBytesGzipKplOrJson_IsHandledOrDeadLetteredNamingTheRecord() =>
        Prop.ForAll(
            (from n in Gen.Choose(1, 4)
             from payloads in Gen.ArrayOf(Gen.OneOf(Mutations.RandomBytes, Mutations.Of(RawPayloads), Mutations.Rewrapped(JsonPayloads), Mutations.Of(JsonPayloads)), n)
             select payloads).ToArbitrary(),
            payloads =>
            {
                var sink = new Sink();
                var function = new RecordingFunction(b =>
                {
                    b.Services.AddSingleton<IDeadLetterSink>(sink);
                    b.Options.Decoding.MaxInflatedBytes = 256 * 1024;
                });
                try
                {
                    var batch = Batches.OfBytes(payloads);
                    var response = function.ProcessAsync(batch).GetAwaiter().GetResult();
                    var sequences = batch.Records.Select(r => r.Kinesis.SequenceNumber).ToHashSet();
                    return response.BatchItemFailures.Count == 0
                        && sink.AllNameTheirRecord()
                        && sink.Records.All(r => sequences.Contains(r.Position.SequenceNumber) && r.Position.ShardId == "shardId-000000000000");
                }
                finally
                {
                    function.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }
            });

    [Property(MaxTest = 500)]
    public Property Base64Data_AnyText_DecodesOrGivesAReason() =>
        Prop.ForAll(
            Gen.OneOf(
                Gen.ArrayOf(Gen.Elements("A", "b", "+", "/", "=", " ", "\n", "-", "_", "é", "\0")).Select(string.Concat),
                Mutations.Of(RawPayloads).Select(Convert.ToBase64String).Select(s => s.Length > 2 ? s[1..] + "=" : s)).ToArbitrary(),
            text =>
            {
                using var decoder = new KinesisPayloadDecoder(new DecodingOptions());
                string? error = decoder.Decode(new KinesisStreamRecord { SequenceNumber = "1", Data = text });
                return error is null ? decoder.Payloads.Count > 0 : error.Length > 0;
            });

    [Property(MaxTest = 500)]
    public Property Gzip_AnyBytesAfterTheMagic_InflatesOrGivesAReason() =>
        Prop.ForAll(
            Gen.OneOf(
                Mutations.RandomBytes.Select(b => (byte[])[0x1F, 0x8B, 0x08, .. b]),
                Mutations.Of(JsonPayloads.Select(KinesisPayloadDecoderTests.Gzip).ToArray())).ToArbitrary(),
            bytes =>
            {
                string? error = GzipInflater.Inflate(bytes, 64 * 1024, ArrayPool<byte>.Shared, out byte[]? buffer, out int length);
                if (buffer is not null)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                return error is null ? length <= 64 * 1024 : error.StartsWith("gzip payload", StringComparison.Ordinal);
            });

    [Property(MaxTest = 500)]
    public Property Kpl_AnyBodyWithAValidDigest_SplitsOrGivesAReason() =>
        Prop.ForAll(
            Gen.OneOf(
                Mutations.RandomBytes,
                Mutations.Of(RawPayloads.Where(p => KplDeaggregator.IsAggregated(p)).Select(p => p[4..^16]).ToArray())).ToArbitrary(),
            body =>
            {
                byte[] aggregate = [0xF3, 0x89, 0x9A, 0xC2, .. body, .. MD5.HashData(body)];
                var output = new List<KinesisPayload>();
                string? error = KplDeaggregator.Deaggregate(aggregate, output);
                return error is null ? output.Count > 0 && output.All(p => p.PartitionKey is not null) : error.StartsWith("KPL", StringComparison.Ordinal);
            });

    [Property(MaxTest = 1000)]
    public Property ChangeRecords_AnyPayload_ParseOrGiveAReason() =>
        Prop.ForAll(AnyOf(Mutations.RandomBytes, Mutations.RandomJsonish, Mutations.Of(JsonPayloads)), bytes =>
        {
            var output = new List<ChangeRecord>();
            string? error = ChangeRecordParser.Parse(bytes, output);
            return error is null ? output.All(r => r.Id is not null) : error.Length > 0 && output.Count == 0;
        });

    [Property(MaxTest = 1000)]
    public Property NQuads_AnyStatementText_ParsesOrGivesAReason() =>
        Prop.ForAll(
            Gen.OneOf(
                Gen.ArrayOf(Gen.Elements("<", ">", "\"", "\\", "u", "U", "F", "0", "D", "8", "_:", "b", ".", " ", "@", "en", "^^", "http://x", "#", "\n", "t", "é")).Select(string.Concat),
                Mutations.Of([.. NQuadsSeeds.Select(Encoding.UTF8.GetBytes)]).Select(b => Encoding.UTF8.GetString(b))).ToArbitrary(),
            text =>
            {
                bool parsed = NQuadsParser.TryParseStatement(text, out var statement, out string? error);
                bool lenient = NQuadsParser.TryParseLenientTerm(text, out var term, out string? termError);
                return parsed == (statement is not null) && parsed == (error is null)
                    && lenient == (term is not null) && lenient == (termError is null);
            });

    private static readonly string[] NQuadsSeeds =
    [
        "<http://s> <http://p> \"caf\\u00E9\\U0001F600\\n\"@en-GB <http://g> .",
        "_:b0 <http://p> \"5\"^^<http://www.w3.org/2001/XMLSchema#int> .",
        "<http://a/\\u00E9> <http://p> _:b1.x . # comment",
    ];

    private sealed class Sink : IDeadLetterSink
    {
        public List<PoisonRecord> Records { get; } = [];

        public bool AllNameTheirRecord() => Records.All(r =>
            r.Reason.Length > 0
            && r.Position.ShardId.Length > 0
            && r.Position.SequenceNumber.Length > 0
            && r.ToString().Contains(r.Position.SequenceNumber, StringComparison.Ordinal));

        public ValueTask SendAsync(PoisonRecord record, CancellationToken cancellationToken = default)
        {
            Records.Add(record);
            return ValueTask.CompletedTask;
        }
    }
}
