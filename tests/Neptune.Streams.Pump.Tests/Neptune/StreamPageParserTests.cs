using System.Text;
using System.Text.Json.Nodes;
using Neptune.Streams.Pump.Neptune;

namespace Neptune.Streams.Pump.Tests.Neptune;

/// <summary>
/// The one-pass page reader reads every page to the same records as the document-tree reader it replaced
/// (<see cref="DocumentPageParser"/>), and refuses every page that one refused, with an error that names the record.
/// </summary>
public sealed class StreamPageParserTests
{
    private const string AddLabel =
        """{"commitTimestamp":1,"eventId":{"commitNum":7,"opNum":1},"data":{"id":"v1","type":"vl","key":"label","value":{"value":"person","dataType":"String"}},"op":"ADD"}""";

    private static string Page(params string[] records) => """{"lastEventId":{"commitNum":7,"opNum":2},"lastTrxTimestamp":99,"format":"PG_JSON","records":[""" + string.Join(",", records) + "]}";

    public static TheoryData<string> Fixtures() => ["pg-json-page.json", "nquads-page.json"];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void FixturePage_ReadsAsTheDocumentReaderDid(string fixture)
    {
        byte[] page = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "fixtures", "neptune", fixture));

        StreamPage read = AssertSameAsDocumentReader(page);

        Assert.NotEmpty(read.Records);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void FixturePage_WithEveryObjectsMembersReversedAndCompact_ReadsAsTheDocumentReaderDid(string fixture)
    {
        JsonNode page = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "neptune", fixture)))!;

        AssertSameAsDocumentReader(Encoding.UTF8.GetBytes(Reversed(page)!.ToJsonString()));
    }

    public static TheoryData<string> Pages() =>
    [
        Page(AddLabel),
        Page(),
        Page(AddLabel, AddLabel.Replace("\"vl\"", "\"vp\"", StringComparison.Ordinal)),
        Page(AddLabel.Replace("\"op\":\"ADD\"", "\"op\":\"REMOVE\",\"isLastOp\":true", StringComparison.Ordinal)),
        Page(AddLabel.Replace("\"op\":\"ADD\"", "\"op\":\"ADD\",\"isLastOp\":true,\"op\":\"REMOVE\",\"isLastOp\":null", StringComparison.Ordinal)),
        Page(AddLabel.Replace("\"op\":\"ADD\"", "\"op\":\"REMOVE\",\"op\":\"ADD\",\"isLastOp\":false,\"isLastOp\":true", StringComparison.Ordinal)),
        Page(AddLabel.Replace("\"id\":\"v1\"", "\"\\u0069d\":\"v\\u00e9\\\"1\"", StringComparison.Ordinal)),
        Page(AddLabel.Replace("\"person\"", "\"pers\\u00f6n\"", StringComparison.Ordinal), AddLabel.Replace("\"person\"", "\"pers\\u00f6n\"", StringComparison.Ordinal)),
        Page(AddLabel.Replace("{\"commitNum\":7,\"opNum\":1}", "\"7:1\"", StringComparison.Ordinal)),
        Page(AddLabel.Replace("{\"commitNum\":7,\"opNum\":1}", "{\"opNum\":3,\"x\":[1,{\"commitNum\":5}],\"commitNum\":7}", StringComparison.Ordinal)),
        Page(AddLabel.Replace("\"value\":{\"value\":\"person\",\"dataType\":\"String\"}", "\"value\":\"person\"", StringComparison.Ordinal)),
        Page(AddLabel.Replace("\"value\":{\"value\":\"person\",\"dataType\":\"String\"}", "\"value\":{\"value\":{\"nested\":[\"person\"]}}", StringComparison.Ordinal)),
        Page("""{"eventId":{"commitNum":8,"opNum":1},"data":{"id":"e1","type":"e","from":"a","to":"b","value":{"value":"knows","dataType":"String"}},"op":"ADD","isLastOp":true}"""),
        Page("""{"op":"ADD","data":{"to":"b","from":"a","type":"ep","id":"e1","key":"since","value":{"value":3,"dataType":"Int"}},"eventId":{"opNum":2,"commitNum":8}}"""),
        Page("""{"eventId":{"commitNum":9,"opNum":1},"data":{"stmt":"_:b0 <http://example.org/p> \"x\" .\n"},"op":"ADD"}"""),
        Page("""{"eventId":{"commitNum":9,"opNum":1},"data":{"stmt":"<http://example.org/s> <http://example.org/p> <http://example.org/o> <http://example.org/g> .\n","id":"ignored"},"op":"REMOVE"}"""),
        "\n {\n \"records\" : [ " + AddLabel + " ] ,\n \"lastTrxTimestamp\" : \"soon\" }\n ",
        """{"records":[],"lastTrxTimestamp":18446744073709551616}""",
        """{"records":7,"records":[]}""",

        """{"records":[{"eventId":{"commitNum":1,"opNum":1},"data":{"id":"v","type":"vp","key":"k","value":{"value":"\ud83d","dataType":"String"}},"op":"ADD"}]}""",
        """{"records":[{"eventId":{"commitNum":1,"opNum":1},"data":{"id":"e","type":"ep","from":"a","to":"b","key":"k","value":{"value":"x\udc00"}},"op":"ADD"}]}""",
        """{"records":[{"eventId":{"commitNum":1,"opNum":1},"data":{"id":"v","type":"vl","key":"label","value":{"value":"\ud83d"},"value":{"value":"person"}},"op":"ADD"}]}""",
        """{"records":[{"eventId":{"commitNum":1,"opNum":1},"data":{"value":{"value":"person"},"key":"label","type":"vl","id":"v"},"op":"ADD"}]}""",
        """{"records":[{}],"records":[]}""",
        """{"records":[],"records":[{}]}""",
        """{"records":[{}],"records":7}""",

        // Refused by both.
        Page(AddLabel.Replace("\"eventId\":{\"commitNum\":7,\"opNum\":1},", string.Empty, StringComparison.Ordinal)),
        Page(AddLabel.Replace("{\"commitNum\":7,\"opNum\":1}", "{\"commitNum\":7}", StringComparison.Ordinal)),
        Page(AddLabel.Replace("{\"commitNum\":7,\"opNum\":1}", "\"7\"", StringComparison.Ordinal)),
        Page(AddLabel.Replace("{\"commitNum\":7,\"opNum\":1}", "{\"commitNum\":7,\"opNum\":1.5}", StringComparison.Ordinal)),
        Page(AddLabel.Replace("\"data\":{", "\"data\":7,\"other\":{", StringComparison.Ordinal)),
        Page(AddLabel.Replace("\"vl\"", "\"vertex\"", StringComparison.Ordinal)),
        Page(AddLabel.Replace("\"id\":\"v1\"", "\"id\":\"\"", StringComparison.Ordinal)),
        Page(AddLabel.Replace("\"id\":\"v1\",", string.Empty, StringComparison.Ordinal)),
        Page("""{"eventId":{"commitNum":9,"opNum":1},"data":{"stmt":"   "},"op":"ADD"}"""),
        """{"records":[]}x""",
        """{"records":[""" + AddLabel,
        """{"records":[""" + AddLabel + "]",
        """{"records":{}}""",
        """{"lastTrxTimestamp":1}""",
        "[]",
        "null",
        string.Empty,
        "{\"records\":[" + AddLabel.Replace("\"ADD\"", "\"AD\\uZZZZ\"", StringComparison.Ordinal) + "]}",
    ];

    [Theory]
    [MemberData(nameof(Pages))]
    public void Page_ReadsAsTheDocumentReaderDid_OrIsRefusedAsItWas(string page) => AssertSameAsDocumentReader(Encoding.UTF8.GetBytes(page));

    [Fact]
    public void LastTrxTimestampThatIsNotANumber_ReadsAsNone()
    {
        // The document reader failed on it with an InvalidOperationException; it is only a lag figure.
        StreamPage page = StreamPageParser.Parse(Encoding.UTF8.GetBytes("""{"records":[],"lastTrxTimestamp":"soon"}"""));

        Assert.Equal(0, page.LastTrxTimestamp);
    }

    [Fact]
    public void PropertyValueThatIsNotUtf8_IsForwardedAsWritten()
    {
        // Only a label is made into a string: a property's value goes on as its bytes, whatever they are.
        byte[] page = [.. Encoding.UTF8.GetBytes("""{"records":[{"eventId":{"commitNum":1,"opNum":1},"data":{"id":"v","type":"vp","key":"k","value":{"value":"a"""),
            0xFF, .. Encoding.UTF8.GetBytes("\",\"dataType\":\"String\"}},\"op\":\"ADD\"}]}")];

        StreamRecord record = Assert.Single(StreamPageParser.Parse(page).Records);

        Assert.Equal(("v", "vp", (string?)null), (record.ElementId, record.Type, record.Label));
        Assert.Contains((byte)0xFF, record.Json.ToArray());
        AssertSameAsDocumentReader(page);
    }

    [Fact]
    public void LabelThatIsNotText_IsNamedInTheError()
    {
        var ex = Assert.Throws<InvalidDataException>(() => StreamPageParser.Parse(Encoding.UTF8.GetBytes(
            """{"records":[{"eventId":{"commitNum":1,"opNum":1},"data":{"id":"v","type":"vl","key":"label","value":{"value":"\ud83d"}},"op":"ADD"}]}""")));

        Assert.Contains("Record 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordThatIsNotAnObject_IsNamedInTheError()
    {
        // The document reader failed here with an InvalidOperationException of its own; a page error names the record.
        var ex = Assert.Throws<InvalidDataException>(() => StreamPageParser.Parse(Encoding.UTF8.GetBytes(Page(AddLabel, "7"))));

        Assert.Contains("Record 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordJson_IsASliceOfThePageBytes_NotACopy()
    {
        byte[] page = Encoding.UTF8.GetBytes(Page(AddLabel, AddLabel));

        StreamRecord second = StreamPageParser.Parse(page).Records[1];

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(second.Json, out ArraySegment<byte> slice));
        Assert.Same(page, slice.Array);
        Assert.Equal(AddLabel, Encoding.UTF8.GetString(second.Json.Span));
    }

    private static StreamPage AssertSameAsDocumentReader(byte[] page)
    {
        StreamPage? expected = null;
        Exception? expectedError = null;
        try
        {
            expected = DocumentPageParser.Parse(page);
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException)
        {
            expectedError = ex;
        }

        if (expectedError is InvalidDataException)
        {
            Assert.Throws<InvalidDataException>(() => StreamPageParser.Parse(page));
            return new StreamPage { Outcome = StreamReadOutcome.InvalidParameter };
        }

        if (expectedError is InvalidOperationException)
        {
            // The document reader crashed on a value of the wrong kind; the one-pass reader reads the page or names
            // what is wrong with it, never anything else.
            Exception? error = Record.Exception(() => StreamPageParser.Parse(page));
            Assert.True(error is null or InvalidDataException, error?.ToString());
            return new StreamPage { Outcome = StreamReadOutcome.InvalidParameter };
        }

        StreamPage actual = StreamPageParser.Parse(page);
        Assert.Equal(expected!.LastTrxTimestamp, actual.LastTrxTimestamp);
        Assert.Equal(expected.Records.Select(Describe), actual.Records.Select(Describe));
        return actual;
    }

    private static string Describe(StreamRecord r) =>
        $"{r.CommitNum}:{r.OpNum} last={r.IsLastOp} add={r.IsAdd} id={r.ElementId} type={r.Type} label={r.Label} from={r.From} to={r.To} json={Encoding.UTF8.GetString(r.Json.Span)}";

    private static JsonNode? Reversed(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Reverse().Select(p => KeyValuePair.Create(p.Key, Reversed(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Reversed)]),
        _ => node?.DeepClone(),
    };
}
