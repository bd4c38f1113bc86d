using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda.DeadLetters;
using static Neptune.Streams.Lambda.Tests.Kinesis.KinesisPayloadDecoderTests;

namespace Neptune.Streams.Lambda.Tests.Processing;

/// <summary>A poison KPL sub-record is dead-lettered alone, with its own data and partition key; its siblings are handled.</summary>
public sealed class KplPoisonSubRecordTests
{
    public static TheoryData<string> PoisonKinds => ["not json", "truncated gzip"];

    [Theory]
    [MemberData(nameof(PoisonKinds))]
    public async Task PoisonSubRecord_IsDeadLetteredWithItsOwnBytesAndKey_SiblingsHandled(string kind)
    {
        byte[] good0 = Encoding.UTF8.GetBytes(Batches.Pg(1, 1, "a", "vl", "label", "person", last: true));
        byte[] good2 = Gzip(Encoding.UTF8.GetBytes(Batches.Pg(3, 1, "c", "vl", "label", "person", last: true)));
        byte[] gzipped = Gzip(Encoding.UTF8.GetBytes(Batches.Pg(2, 1, "b", "vl", "label", "person", last: true)));
        byte[] poison = kind == "not json" ? "Hello, not a change"u8.ToArray() : gzipped[..(gzipped.Length / 2)];
        byte[] aggregate = KplBytes(["key-a", "key-b", "key-c"], [(0, good0), (1, poison), (2, good2)]);
        var sink = new DeadLetterRecorder();
        await using var function = new RecordingFunction(b => b.Services.AddSingleton<IDeadLetterSink>(sink));

        var response = await function.ProcessAsync(Batches.OfBytes(aggregate));

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(["a", "c"], function.Recorder.Events.Select(e => e.Id));
        var letter = Assert.Single(sink.Records);
        Assert.Equal((Batches.Sequence(0), 1, "key-b"), (letter.Position.SequenceNumber, letter.Position.SubSequenceNumber, letter.Position.PartitionKey));
        Assert.Equal(poison, Convert.FromBase64String(letter.Data));
    }

    [Fact]
    public async Task EventOpenAtTheEndOfAnAggregate_WhenTheNextRecordIsPoison_IsDeadLetteredWithItsOwnBytes()
    {
        // The aggregate's sub-record leaves element a's event open (its commit goes on) with more labels than allowed;
        // the next Kinesis record, of the same size, is decoded into the buffer the aggregate was decoded into and is
        // not a change. Closing a's event must dead-letter the sub-record's own bytes, not what now lies in that buffer.
        string labels = "[" + string.Join(",", Enumerable.Range(1, 3).Select(i => Batches.Pg(1, i, "a", "vl", "label", $"l{i}"))) + "]";
        byte[] opening = Encoding.UTF8.GetBytes(labels);
        byte[] aggregate = KplBytes(["key-a"], [(0, opening)]);
        byte[] poison = Encoding.UTF8.GetBytes(new string('x', aggregate.Length));
        var sink = new DeadLetterRecorder();
        await using var function = new RecordingFunction(b =>
        {
            b.Services.AddSingleton<IDeadLetterSink>(sink);
            b.Options.Decoding.MaxLabelsPerEvent = 2;
        });

        var response = await function.ProcessAsync(Batches.OfBytes(aggregate, poison));

        Assert.Empty(response.BatchItemFailures);
        Assert.Empty(function.Recorder.Events);
        Assert.Equal(2, sink.Records.Count);
        var grouped = sink.Records.Single(r => r.Position.SequenceNumber == Batches.Sequence(0));
        Assert.Equal((0L, "key-a"), (grouped.Position.SubSequenceNumber, grouped.Position.PartitionKey));
        Assert.Contains("labels", grouped.Reason, StringComparison.Ordinal);
        Assert.Equal(opening, Convert.FromBase64String(grouped.Data));
        Assert.Equal(poison, Convert.FromBase64String(sink.Records.Single(r => r.Position.SequenceNumber == Batches.Sequence(1)).Data));
    }
}
