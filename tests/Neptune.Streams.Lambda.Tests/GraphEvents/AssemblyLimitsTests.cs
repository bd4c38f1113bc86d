using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda.ChangeRecords;
using Neptune.Streams.Lambda.DeadLetters;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Lambda.Tests.GraphEvents;

/// <summary>
/// A graph writer cannot stall assembly: a commit with thousands of labels and properties (every record carrying the
/// envelope's label list) assembles in time linear in its size, and one past the default caps is a poison record.
/// </summary>
public sealed class AssemblyLimitsTests
{
    private static byte[] Envelope(int labels, int properties)
    {
        var json = new StringBuilder("""{"envelope":"neptune-streams/1","id":"v1","labels":[""");
        json.AppendJoin(',', Enumerable.Range(0, labels).Select(i => $"\"label{i}\""));
        json.Append("],\"records\":[");
        json.AppendJoin(',', Enumerable.Range(0, properties).Select(i =>
        {
            string last = i == properties - 1 ? ",\"isLastOp\":true" : string.Empty;
            return "{\"commitTimestamp\":1718010902113,\"eventId\":{\"commitNum\":7,\"opNum\":" + (i + 1)
                + "},\"op\":\"ADD\",\"data\":{\"id\":\"v1\",\"type\":\"vp\",\"key\":\"key" + i
                + "\",\"value\":{\"value\":\"x\",\"dataType\":\"String\"}}" + last + "}";
        }));
        json.Append("]}");
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    [Fact]
    public async Task AtTheDefaultCaps_5000LabelsAnd5000Properties_TheEventIsBuiltWhole()
    {
        await using var function = new RecordingFunction();

        var response = await function.ProcessAsync(Batches.OfBytes(Envelope(DecodingOptions.DefaultMaxLabelsPerEvent, DecodingOptions.DefaultMaxPropertiesPerEvent)));

        Assert.Empty(response.BatchItemFailures);
        var graphEvent = Assert.Single(function.Recorder.Events);
        Assert.Equal(5000, graphEvent.Labels.Count);
        Assert.Equal(5000, graphEvent.Properties.Count);
        Assert.Equal("key4999", graphEvent.Properties[^1].Name);
        Assert.Equal("label4999", graphEvent.Labels[^1]);
    }

    [Theory]
    [InlineData(5001, 1, "more than 5000 labels (DecodingOptions.MaxLabelsPerEvent)")]
    [InlineData(1, 5001, "more than 5000 property keys (DecodingOptions.MaxPropertiesPerEvent)")]
    public async Task JustPastADefaultCap_TheEventIsPoison_DeadLetteredNamingTheRecord(int labels, int properties, string expected)
    {
        var sink = new DeadLetterRecorder();
        await using var function = new RecordingFunction(b => b.Services.AddSingleton<IDeadLetterSink>(sink));
        byte[] hostile = Envelope(labels, properties);
        byte[] good = Encoding.UTF8.GetBytes(Batches.Pg(8, 1, "after", "vl", "label", "person", last: true));

        var response = await function.ProcessAsync(Batches.OfBytes(hostile, good));

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(["after"], function.Recorder.Events.Select(e => e.Id));
        var letter = Assert.Single(sink.Records);
        Assert.Equal((Batches.Sequence(0), "shardId-000000000000"), (letter.Position.SequenceNumber, letter.Position.ShardId));
        Assert.Contains(expected, letter.Reason, StringComparison.Ordinal);
        Assert.Equal(hostile, Convert.FromBase64String(letter.Data));
    }

    [Fact]
    public void SimplifiedRecordPastTheLabelCap_IsPoison()
    {
        var assembler = new GraphEventAssembler(maxLabels: 3, maxProperties: 3);
        var record = new ChangeRecord
        {
            EventId = new NeptuneEventId(1, 1),
            IsAdd = true,
            Type = ChangeRecordType.Simplified,
            SimplifiedKind = GraphEventKind.VertexAdded,
            Id = "v",
            Labels = ["a", "b", "c", "d"],
        };
        assembler.Append(record, default);

        Assert.Equal(AssemblyOutcome.Poison, assembler.TryClose(CancellationToken.None, out _, out string? reason));
        Assert.Contains("more than 3 labels", reason, StringComparison.Ordinal);
        Assert.False(assembler.HasOpenGroup);
    }

    [Fact]
    public void Cancelled_WhileAssemblingALargeGroup_StopsAndDropsTheGroup()
    {
        var output = new List<ChangeRecord>();
        Assert.Null(ChangeRecordParser.Parse(Envelope(10, 3000), output));
        var assembler = new GraphEventAssembler();
        foreach (var record in output)
        {
            assembler.Append(record, default);
        }

        Assert.Equal(AssemblyOutcome.Cancelled, assembler.TryClose(new CancellationToken(canceled: true), out var graphEvent, out _));
        Assert.Null(graphEvent);
        Assert.False(assembler.HasOpenGroup);
    }
}
