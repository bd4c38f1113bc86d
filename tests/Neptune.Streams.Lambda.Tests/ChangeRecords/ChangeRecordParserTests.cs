using System.Text;
using Neptune.Streams.Lambda.ChangeRecords;
using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.Tests.ChangeRecords;

public sealed class ChangeRecordParserTests
{
    private static (List<ChangeRecord> Records, string? Error) Parse(string json)
    {
        var records = new List<ChangeRecord>();
        string? error = ChangeRecordParser.Parse(Encoding.UTF8.GetBytes(json), records);
        return (records, error);
    }

    [Theory]
    [InlineData("\"isLastOp\":{\"op\":\"REMOVE\"}")]
    [InlineData("\"isLastOp\":[true]")]
    public void AFlagHoldingAnObjectOrArray_IsFalse_AndItsContentIsNotReadAsMembers(string flag)
    {
        var (records, error) = Parse("{\"eventId\":{\"commitNum\":1,\"opNum\":1},\"op\":\"ADD\",\"data\":{\"id\":\"v\",\"type\":\"vp\",\"key\":\"k\",\"value\":\"x\"}," + flag + "}");

        Assert.Null(error);
        var record = Assert.Single(records);
        Assert.False(record.IsLastOp);
        Assert.True(record.IsAdd);
    }

    [Fact]
    public void AnEnvelopesFlagHoldingAnObject_IsFalse_AndItsContentIsNotReadAsMembers()
    {
        var (records, error) = Parse("""{"labelsUnknown":{"records":5},"snapshot":[1],"records":[{"eventId":{"commitNum":1,"opNum":1},"op":"ADD","data":{"id":"v","type":"vp","key":"k","value":"x"}}]}""");

        Assert.Null(error);
        var record = Assert.Single(records);
        Assert.False(record.LabelsUnknown);
        Assert.False(record.FromSnapshot);
    }

    [Fact]
    public void EventIdAsString_IsAccepted()
    {
        var (records, error) = Parse("""{"eventId":"12:3","op":"ADD","data":{"id":"v","type":"vl","key":"label","value":{"value":"x","dataType":"String"}}}""");

        Assert.Null(error);
        Assert.Equal(new NeptuneEventId(12, 3), Assert.Single(records).EventId);
    }

    [Theory]
    [InlineData("\"value\":42,\"dataType\":\"INT\"", PropertyValueKind.Number, "42")]
    [InlineData("\"value\":\"42\",\"dataType\":\"integer\"", PropertyValueKind.String, "42")]
    [InlineData("\"value\":true,\"dataType\":\"Boolean\"", PropertyValueKind.Boolean, "true")]
    [InlineData("\"value\":1.5e3,\"dataType\":\"double\"", PropertyValueKind.Number, "1.5e3")]
    [InlineData("\"dataType\":\"String\",\"value\":\"later key order\"", PropertyValueKind.String, "later key order")]
    public void Values_KeepTheirKindAndText(string value, PropertyValueKind kind, string text)
    {
        var (records, error) = Parse("{\"eventId\":{\"commitNum\":1,\"opNum\":1},\"op\":\"ADD\",\"data\":{\"id\":\"v\",\"type\":\"vp\",\"key\":\"k\",\"value\":{" + value + "}}}");

        Assert.Null(error);
        var record = Assert.Single(records);
        Assert.Equal(kind, record.Value.Kind);
        Assert.Equal(text, record.Value.Text);
    }

    [Fact]
    public void DataTypes_BindCaseInsensitively()
    {
        var value = new PropertyValue("7", PropertyValueKind.String, "LONG");
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            value.WriteTo(writer);
        }

        Assert.Equal("7", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void EscapedMemberNames_AreTheMembersTheyUnescapeTo()
    {
        var (plain, plainError) = Parse("""{"op":"ADD","data":{"id":"e1","type":"e","key":"label","value":{"value":"knows"},"from":"a","to":"b"},"isLastOp":true,"eventId":{"commitNum":9,"opNum":2}}""");
        var (escaped, escapedError) = Parse("""{"\u006fp":"ADD","d\u0061ta":{"\u0069d":"e1","typ\u0065":"e","k\u0065y":"label","\u0076alue":{"value":"knows"},"fr\u006fm":"a","\u0074o":"b"},"isL\u0061stOp":true,"ev\u0065ntId":{"commitNum":9,"opNum":2}}""");
        var (unknown, unknownError) = Parse("""{"op":"ADD","data":{"id":"e1","type":"e","key":"label","value":{"value":"knows"},"from":"a","to":"b","\u0069\u0069\u0069\u0069\u0069\u0069\u0069\u0069\u0069\u0069\u0069\u0069\u0069\u0069\u0069\u0069\u0069":1},"eventId":{"commitNum":9,"opNum":2}}""");

        Assert.Null(plainError);
        Assert.Null(escapedError);
        Assert.Null(unknownError);
        ChangeRecord expected = Assert.Single(plain), actual = Assert.Single(escaped);
        Assert.Equal(
            (expected.EventId, expected.IsAdd, expected.IsLastOp, expected.Type, expected.Id, expected.Key, expected.Value, expected.From, expected.To),
            (actual.EventId, actual.IsAdd, actual.IsLastOp, actual.Type, actual.Id, actual.Key, actual.Value, actual.From, actual.To));
        Assert.Equal((ChangeRecordType.Edge, "a", "b"), (Assert.Single(unknown).Type, unknown[0].From, unknown[0].To));
    }

    [Theory]
    [InlineData("""{"x\uD800":1,"op":"ADD","data":{"id":"e1","type":"vl","key":"label","value":{"value":"x"}},"eventId":{"commitNum":9,"opNum":2}}""")]
    [InlineData("""{"op":"ADD","data":{"z\uDC00":1,"id":"e1","type":"vl","key":"label","value":{"value":"x"}},"eventId":{"commitNum":9,"opNum":2}}""")]
    [InlineData("""{"\uD800aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa":1,"op":"ADD","data":{"id":"e1","type":"vl","key":"label","value":{"value":"x"}},"eventId":{"commitNum":9,"opNum":2}}""")]
    public void UnknownMember_WhoseEscapedNameIsNoText_IsSkipped(string json)
    {
        var (records, error) = Parse(json);

        Assert.Null(error);
        Assert.Equal("e1", Assert.Single(records).Id);
    }

    [Fact]
    public void UnknownMember_WhoseEscapedNameHasInvalidUtf8_IsSkipped()
    {
        byte[] json = [.. "{\"\\u0078"u8, 0xFF, .. "\":1,\"op\":\"ADD\",\"data\":{\"id\":\"e1\",\"type\":\"vl\",\"key\":\"label\",\"value\":{\"value\":\"x\"}},\"eventId\":{\"commitNum\":9,\"opNum\":2}}"u8];
        var records = new List<ChangeRecord>();

        Assert.Null(ChangeRecordParser.Parse(json, records));
        Assert.Equal("e1", Assert.Single(records).Id);
    }

    [Fact]
    public void FieldsInAnyOrder_AreRead()
    {
        var (records, error) = Parse("""{"op":"REMOVE","data":{"value":{"value":"x"},"key":"label","type":"e","to":"b","from":"a","id":"e1"},"isLastOp":true,"eventId":{"opNum":2,"commitNum":9}}""");

        Assert.Null(error);
        var record = Assert.Single(records);
        Assert.Equal((ChangeRecordType.Edge, false, "a", "b", true), (record.Type, record.IsAdd, record.From, record.To, record.IsLastOp));
        Assert.Equal(new NeptuneEventId(9, 2), record.EventId);
    }

    [Fact]
    public void Envelope_AddsLabelsAndEndpointsToItsRecords()
    {
        string ep = """{"eventId":{"commitNum":5,"opNum":1},"op":"ADD","data":{"id":"e1","type":"ep","key":"since","value":{"value":1,"dataType":"Int"}}}""";
        var (records, error) = Parse($$"""{"envelope":"neptune-streams/1","id":"e1","labels":["knows"],"from":"a","to":"b","records":[{{ep}}]}""");

        Assert.Null(error);
        var record = Assert.Single(records);
        Assert.Equal(["knows"], record.Labels);
        Assert.Equal(("a", "b"), (record.From, record.To));
    }

    [Theory]
    [InlineData("Hello, this is a test.", "neither JSON nor a known binary format")]
    [InlineData("{\"truncated\": ", "not valid JSON")]
    [InlineData("", "payload is empty")]
    [InlineData("{\"hello\":1}", "neither a Neptune change record")]
    [InlineData("""{"eventId":{"commitNum":1,"opNum":1},"op":"ADD","data":{"id":"v","type":"zz","key":"k"}}""", "unknown \"type\" 'zz'")]
    [InlineData("""{"op":"ADD","data":{"id":"v","type":"vl","value":{"value":"x"}}}""", "has no \"eventId\"")]
    [InlineData("""{"eventId":{"commitNum":1,"opNum":1},"op":"ADD","data":{"type":"vl","value":{"value":"x"}}}""", "has no \"id\"")]
    [InlineData("""{"eventId":{"commitNum":1,"opNum":1},"op":"MERGE","data":{"id":"v","type":"vl","value":{"value":"x"}}}""", "neither ADD nor REMOVE")]
    [InlineData("""{"eventId":{"commitNum":1,"opNum":1},"op":"ADD","data":{"id":"v","type":"vp","value":{"value":"x"}}}""", "vp record has no \"key\"")]
    [InlineData("""{"eventId":{"commitNum":1,"opNum":1},"op":"ADD","data":{"id":"v","type":"vp","key":"k","value":{"value":{"nested":1}}}}""", "object or array")]
    [InlineData("""{"eventId":{"commitNum":"x","opNum":1},"op":"ADD","data":{"id":"v","type":"vl","value":{"value":"x"}}}""", "lacks a numeric commitNum")]
    [InlineData("""{"eventId":{"commitNum":1,"opNum":1},"op":"ADD","data":{"stmt":"<a> <b> ."}}""", "not an N-Quads statement")]
    [InlineData("""[{"eventId":"1:1","op":"ADD","data":{"id":"v","type":"vl","value":{"value":"x"}}}, 5]""", "record 1 is not a JSON object")]
    [InlineData("""{"eventId":"1:1","op":"ADD","data":{"id":"v","type":"vl","value":{"value":"x"}}} {}""", "not valid JSON")]
    public void BadPayloads_AreRejectedWithAClearReason(string json, string reason)
    {
        var (records, error) = Parse(json);

        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Empty(records);
    }

    [Fact]
    public void InvalidUtf8_IsRejected()
    {
        var records = new List<ChangeRecord>();
        byte[] payload = [.. "{\"eventId\":\"1:1\",\"op\":\"ADD\",\"data\":{\"id\":\""u8, 0xFF, 0xFE, .. "\",\"type\":\"vl\",\"value\":{\"value\":\"x\"}}}"u8];

        Assert.NotNull(ChangeRecordParser.Parse(payload, records));
        Assert.Empty(records);
    }

    [Fact]
    public void DeepNesting_IsRejectedNotOverflowed()
    {
        string deep = "{\"data\":" + string.Concat(Enumerable.Repeat("[", 10_000)) + string.Concat(Enumerable.Repeat("]", 10_000)) + "}";

        Assert.NotNull(Parse(deep).Error);
    }

    [Fact]
    public void ErrorsNameTheNeptuneEventButNoPropertyValue()
    {
        var (_, error) = Parse("""{"eventId":{"commitNum":77,"opNum":4},"op":"ADD","data":{"id":"v","type":"vp","value":{"value":"secret-ssn-123"}}}""");

        Assert.Contains("Neptune event 77:4", error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error, StringComparison.Ordinal);
    }
}

public sealed class PropertyValueTests
{
    [Theory]
    [InlineData("639878400000", PropertyValueKind.Number, "Date", true)]
    [InlineData("639878400000", PropertyValueKind.String, "date", true)]
    [InlineData("1990-04-12T00:00:00Z", PropertyValueKind.String, "Date", true)]
    [InlineData("99999999999999999", PropertyValueKind.Number, "Date", false)]
    [InlineData("yesterday", PropertyValueKind.String, "Date", false)]
    public void Dates_ReadAsEpochMillisecondsOrIsoText(string text, PropertyValueKind kind, string dataType, bool ok)
    {
        bool read = new PropertyValue(text, kind, dataType).TryGetDateTimeOffset(out var value);

        Assert.Equal(ok, read);
        if (ok)
        {
            Assert.Equal(new DateTimeOffset(1990, 4, 12, 0, 0, 0, TimeSpan.Zero), value);
        }
    }
}
