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

    public static TheoryData<string, string[], string?> Headers() => new()
    {
        { "v1", [], null },
        { "v1", ["person"], null },
        { "e\"1\\", ["knows", "<script>", "caf\u00e9"], "a" },
        { "\u0001\u001f\u2028", ["\ud83d\ude00\ud83d\ude00", "\u00e9\u00e9\u00e9"], "\u0000" },
        { new string('\u00e9', 500), [.. Enumerable.Range(0, 50).Select(i => $"\"{i}\u00ff")], new string('<', 100) },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public void HeaderBound_is_never_below_what_the_header_measures(string id, string[] labels, string? from)
    {
        var change = new ElementChange { ElementId = id, IsEdge = from is not null, IsRdf = false, CommitNum = long.MinValue, IsSnapshot = true };
        var elementLabels = new ElementLabels(labels, from, from is null ? null : id);

        Assert.True(EnvelopeWriter.HeaderBound(change, elementLabels) >= EnvelopeWriter.HeaderBytes(change, elementLabels));
        Assert.True(EnvelopeWriter.HeaderBound(change, null) >= EnvelopeWriter.HeaderBytes(change, null));
    }

    [Fact]
    public void TryWrite_a_change_that_fits_is_one_envelope_of_the_whole_change()
    {
        ElementLabels labels = new(["person"]);
        ElementChange change = Change(300);

        Assert.True(EnvelopeWriter.TryWrite(change, labels, Room, out List<byte[]> envelopes, out _));

        Assert.Equal(EnvelopeWriter.WriteWhole(change, labels), Assert.Single(envelopes));
    }
}
