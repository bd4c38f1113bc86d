using System.Text;
using Neptune.Streams.Lambda.ChangeRecords;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Lambda.Tests.ChangeRecords;

/// <summary>
/// The plain reader must read a payload exactly as the general <c>Utf8JsonReader</c> path does, or give up: the same
/// records, or the same error, whichever path reads it.
/// </summary>
public sealed class PlainRecordReaderTests
{
    private const string Record =
        """{"commitTimestamp":1718010902113,"eventId":{"commitNum":1001,"opNum":2},"data":{"id":"a8c4a1f2-3b7e-5c1d-9e2f-000000000001","type":"vp","key":"name","value":{"value":"Person 1","dataType":"String"}},"op":"ADD","isLastOp":true}""";

    private const string Edge =
        """{"commitTimestamp":1718010902113,"eventId":{"commitNum":1002,"opNum":1},"data":{"id":"3ec4","type":"e","key":"label","value":{"value":"follows","dataType":"String"},"from":"a","to":"b"},"op":"ADD"}""";

    private const string Envelope =
        """{"envelope":"neptune-streams/1","id":"v1","labels":["person","Zoë"],"commitNum":7,"snapshot":true,"part":1,"parts":2,"records":[{"eventId":{"commitNum":7,"opNum":1},"data":{"id":"v1","type":"vp","key":"age","value":{"value":-1.5e-3,"dataType":"Double"}},"op":"REMOVE"},{"eventId":{"commitNum":7,"opNum":2},"data":{"id":"v1","type":"vp","key":"note","value":{"value":"say \"hi\"\n\u00e9 \ud83d\ude00","dataType":"String"}},"op":"ADD","isLastOp":false}]}""";

    private const string Unlabelled =
        """{"envelope":"neptune-streams/1","id":"e1","labelsUnknown":true,"from":"a","to":"b","commitNum":8,"records":[{"eventId":{"commitNum":8,"opNum":1},"data":{"id":"e1","type":"e","key":"label","value":{"value":"knows","dataType":"String"},"from":"a","to":"b"},"op":"REMOVE","isLastOp":true}]}""";

    private const string Statements =
        """[{"eventId":{"commitNum":3,"opNum":1},"data":{"stmt":"<http://a> <http://b> \"c\" .\n"},"op":"ADD"},{"eventId":{"commitNum":3,"opNum":2},"data":{"stmt":"<http://a> <http://b> <http://c> <http://g> .\n"},"op":"REMOVE","isLastOp":true}]""";

    private static readonly string[] PlainPayloads =
    [
        Record,
        Edge,
        Envelope,
        Unlabelled,
        Statements,
        "[" + Record + "," + Edge + "]",
        "[]",
        "{ \"eventId\" : { \"opNum\" : 2 , \"commitNum\" : 1001 } ,\r\n\t\"op\" : \"ADD\", \"data\" : { \"value\" : \"bare\", \"type\" : \"vp\", \"id\" : 12, \"key\" : \"k\" }, \"extra\": {\"a\":[1,{\"b\":null}],\"c\":\"\\u0041\"} }",
    ];

    [Fact]
    public void PlainPayloads_AreReadByThePlainReader_AsTheGeneralPathReadsThem()
    {
        foreach (string payload in PlainPayloads)
        {
            byte[] json = Encoding.UTF8.GetBytes(payload);
            var plain = new List<ChangeRecord>();

            Assert.True(PlainRecordReader.TryRead(json, plain, Utf8StringCache.Current), payload);
            Assert.Equal(Parse(json, plainFirst: false), (null, Describe(plain)));
        }
    }

    [Theory]
    [InlineData("pg-json-records-event.json")]
    [InlineData("pg-json-page-event.json")]
    [InlineData("nquads-records-event.json")]
    [InlineData("neptune-export-event.json")]
    [InlineData("seed-simplified-event.json")]
    public void FixturePayloads_ReadTheSameWhicheverPathReadsThem(string fixture)
    {
        foreach (var record in Fixture.Event(fixture).Records)
        {
            byte[] json = Convert.FromBase64String(record.Kinesis.Data);

            Assert.Equal(Parse(json, plainFirst: false), Parse(json, plainFirst: true));
        }
    }

    [Fact]
    public void TheStreamApisOwnPage_IsReadByThePlainReader()
    {
        byte[] json = File.ReadAllBytes(Fixture.PathOf("neptune/pg-json-page.json"));
        var plain = new List<ChangeRecord>();

        Assert.True(PlainRecordReader.TryRead(json, plain, Utf8StringCache.Current));
        Assert.Equal(Parse(json, plainFirst: false), (null, Describe(plain)));
    }

    [Theory]
    [InlineData("""{"eventId":{"commitNum":1,"opNum":1},"op":"ADD","data":{"id":"v","type":"vp","key":"k","value":{"value":"x","dataType":"String"}},}""")]
    [InlineData("""{"eventId":{"commitNum":1,"opNum":1},"op":"ADD","data":{"id":"v","type":"vp","key":"k","value":{"value":01}}}""")]
    [InlineData("""{"eventId":{"commitNum":1,"opNum":1},"op":"ADD","data":{"id":"v","type":"vp","key":"k","value":{"value":"tab	here"}}}""")]
    [InlineData("""{"eventId":{"commitNum":1,"opNum":1},"op":"ADD","data":{"id":"v","type":"vp","key":"k","value":{"value":"\q"}}}""")]
    [InlineData("""{"eventId":{"commitNum":1,"opNum":1},"op":"ADD","data":{"id":"v","type":"vp","key":"k","value":{"value":"\ud800"}}}""")]
    [InlineData("""{"eventId":{"commitNum":1,"opNum":1},"op":"ADD","data":{"id":"v","type":"vp","key":"k","value":{"value":[1]}}}""")]
    [InlineData("""{"eventId":{"commitNum":1,"opNum":1},"op":"JUMP","data":{"id":"v","type":"vp","key":"k","value":{"value":1}}}""")]
    [InlineData("""{"eventId":{"commitNum":1.5,"opNum":1},"op":"ADD","data":{"id":"v","type":"vp","key":"k","value":{"value":1}}}""")]
    [InlineData("""{"eventId":"1:1","op":"ADD","data":{"id":"v","type":"vp","key":"k","value":{"value":1}},"isLastOp":"yes","commitTimestamp":1.5}""")]
    [InlineData("""{"\u006fp":"ADD","eventId":{"commitNum":1,"opNum":1},"data":{"id":"v","type":"vp","key":"k","value":{"value":1}}}""")]
    [InlineData("""{"eventId":{"commitNum":1,"opNum":1},"op":"ADD","data":{"id":"v","type":"vp","key":"k","value":{"value":1}}} x""")]
    [InlineData("""{"eventId":{"commitNum":1,"opNum":1},"op":"ADD","data":{"id":"v","type":"vp","key":"k","value":{"value":1}},"x":[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]}""")]
    [InlineData("""{"records":[{"eventId":{"commitNum":1,"opNum":1},"op":"ADD","data":{"id":"v","type":"vp","key":"k","value":{"value":1}}},5]}""")]
    [InlineData("""{"eventId":{"commitNum":1,"opNum":1},"data":{"type":"vertex","id":"v","label":"person","properties":{"name":[{"value":"Tom"}]}},"op":"ADD"}""")]
    public void UnusualPayloads_ReadTheSameWhicheverPathReadsThem(string payload)
    {
        byte[] json = Encoding.UTF8.GetBytes(payload);

        Assert.Equal(Parse(json, plainFirst: false), Parse(json, plainFirst: true));
    }

    [Fact]
    public void InvalidUtf8_ReadsTheSameWhicheverPathReadsIt()
    {
        byte[] json = Encoding.UTF8.GetBytes(Record.Replace("Person 1", "Person \u00ff", StringComparison.Ordinal));
        int at = Array.IndexOf(json, (byte)0xC3);
        json[at] = 0xFF; // a byte that never starts a UTF-8 sequence

        var general = Parse(json, plainFirst: false);

        Assert.NotNull(general.Error);
        Assert.Equal(general, Parse(json, plainFirst: true));
    }

    [Fact]
    public void MutatedPayloads_ReadTheSameWhicheverPathReadsThem()
    {
        // A byte dropped, doubled or replaced by one that matters to JSON: whatever the result (records or an
        // error), both paths must give the same one, and the plain reader must still take most that stay valid.
        var random = new Random(20261202);
        byte[][] payloads = [.. PlainPayloads.Select(Encoding.UTF8.GetBytes)];
        int valid = 0, plain = 0;
        for (int n = 0; n < 30_000; n++)
        {
            byte[] json = JsonMutation.Mutate(payloads[random.Next(payloads.Length)], random);
            var general = Parse(json, plainFirst: false);
            Assert.Equal(general, Parse(json, plainFirst: true));
            if (general.Error is null)
            {
                valid++;
                plain += PlainRecordReader.TryRead(json, [], Utf8StringCache.Current) ? 1 : 0;
            }
        }

        Assert.True(valid > 3_000, $"only {valid} mutations stayed valid: the test does not test much");
        Assert.True(plain > valid / 2, $"the plain reader took only {plain} of {valid} valid mutations");
    }

    private static (string? Error, string Records) Parse(byte[] json, bool plainFirst)
    {
        var records = new List<ChangeRecord>();
        string? error = ChangeRecordParser.Parse(json, records, plainFirst);
        return (error, Describe(records));
    }

    private static string Describe(List<ChangeRecord> records) => string.Join("\n", records.Select(Describe));

    private static string Describe(ChangeRecord r) =>
        string.Join("¦", new object?[]
        {
            r.EventId.ToString(), r.CommitTimestamp, r.IsLastOp, r.IsAdd, r.Type.ToString(), r.Id, r.Key,
            r.Value.Text, r.Value.Kind.ToString(), r.Value.DataType, r.From, r.To, r.Statement?.ToString(), r.FromSnapshot,
            r.LabelsUnknown, r.SimplifiedKind.ToString(), r.Labels is null ? null : string.Join("|", r.Labels),
            r.Properties is null ? null : string.Join("|", r.Properties.Select(p => $"{p.Key}={p.Value.Text}/{p.Value.Kind}/{p.Value.DataType}")),
        }.Select(v => v?.ToString() ?? "∅"));
}
