using System.Text;
using Neptune.Streams.Pump.Neptune;
using Neptune.Streams.Pump.Pumping;

namespace Neptune.Streams.Pump.Tests.Pumping;

public sealed class EnvelopeWriterTests
{
    private const int Room = KinesisBatchWriter.MaxBytesPerRecord - 3;

    private static ElementChange Change(int recordBytes)
    {
        string prefix = "{\"eventId\":{\"commitNum\":7,\"opNum\":1},\"data\":{\"id\":\"big\",\"type\":\"vp\",\"key\":\"p\",\"value\":{\"value\":\"";
        string suffix = "\",\"dataType\":\"String\"}},\"op\":\"ADD\"}";
        string json = prefix + new string('x', recordBytes - prefix.Length - suffix.Length) + suffix;
        var change = new ElementChange { ElementId = "big", IsEdge = false, IsRdf = false, CommitNum = 7 };
        change.Records.Add(new StreamRecord { CommitNum = 7, OpNum = 1, ElementId = "big", Type = "vp", IsAdd = true, Json = Encoding.UTF8.GetBytes(json) });
        return change;
    }

    [Fact]
    public void TryWrite_a_record_at_the_limit_fits_one_Kinesis_record()
    {
        ElementLabels labels = new(["blob"]);
        int atLimit = Room - EnvelopeWriter.HeaderBytes(Change(200), labels) - 1;

        Assert.True(EnvelopeWriter.TryWrite(Change(atLimit), labels, Room, out List<byte[]> envelopes, out string? reason), reason);

        Assert.True(Assert.Single(envelopes).Length <= Room);
    }

    [Fact]
    public void TryWrite_a_record_one_byte_past_the_limit_is_refused_with_a_reason_naming_it()
    {
        ElementLabels labels = new(["blob"]);
        int pastLimit = Room - EnvelopeWriter.HeaderBytes(Change(200), labels);

        Assert.False(EnvelopeWriter.TryWrite(Change(pastLimit), labels, Room, out List<byte[]> envelopes, out string? reason));

        Assert.Empty(envelopes);
        Assert.Contains("Record 7:1", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("xxx", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryWrite_labels_that_alone_fill_the_header_are_refused()
    {
        ElementLabels labels = new([.. Enumerable.Range(0, 4000).Select(i => $"label-{i}-{new string('l', 300)}")]);

        Assert.False(EnvelopeWriter.TryWrite(Change(200), labels, Room, out _, out string? reason));
        Assert.Contains("header", reason, StringComparison.Ordinal);
    }
}
