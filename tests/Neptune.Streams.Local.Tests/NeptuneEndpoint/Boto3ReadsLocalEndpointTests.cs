using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Neptune.Streams.Local.NeptuneEndpoint;

namespace Neptune.Streams.Local.Tests.NeptuneEndpoint;

public sealed class Boto3ReadsLocalEndpointTests
{
    private const string Script = """
        import sys, json, boto3, botocore
        c = boto3.client("neptunedata", endpoint_url=sys.argv[1], region_name="us-east-1",
                         aws_access_key_id="x", aws_secret_access_key="x")
        kwargs = json.loads(sys.argv[3])
        try:
            op = c.get_sparql_stream if sys.argv[2] == "sparql" else c.get_propertygraph_stream
            r = op(**kwargs)
            r.pop("ResponseMetadata", None)
            print(json.dumps({"ok": r}))
        except botocore.exceptions.ClientError as e:
            print(json.dumps({"error": e.response["Error"]["Code"],
                              "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
                              "exception": type(e).__name__}))
        """;

    [Fact]
    public async Task Boto3_reads_a_page_with_Neptune_field_names_and_shapes()
    {
        var graph = new LocalGraph();
        await using var endpoint = LocalNeptuneEndpoint.Start(graph);
        graph.AddVertex("alice", ["person"], [new("name", "Alice"), new("age", 34)]);
        graph.AddVertex("bob", ["person", "employee"]);
        graph.AddEdge("e1", "follows", "alice", "bob", [new("since", 2020L)]);

        using JsonDocument doc = await Boto3.RunAsync(Script, endpoint.Endpoint.ToString(), "pg",
            """{"limit": 100, "iteratorType": "TRIM_HORIZON"}""");

        JsonElement page = doc.RootElement.GetProperty("ok");
        Assert.Equal("PG_JSON", page.GetProperty("format").GetString());
        Assert.Equal(7, page.GetProperty("totalRecords").GetInt32());
        JsonElement records = page.GetProperty("records");
        Assert.Equal(7, records.GetArrayLength());
        Assert.Equal("3", page.GetProperty("lastEventId").GetProperty("commitNum").ToString());
        Assert.Equal("2", page.GetProperty("lastEventId").GetProperty("opNum").ToString());
        Assert.True(page.GetProperty("lastTrxTimestampInMillis").GetInt64() > 0);

        JsonElement first = records[0];
        Assert.Equal("vl", first.GetProperty("data").GetProperty("type").GetString());
        Assert.Equal("person", first.GetProperty("data").GetProperty("value").GetProperty("value").GetString());
        Assert.Equal("ADD", first.GetProperty("op").GetString());
        Assert.True(first.GetProperty("commitTimestampInMillis").GetInt64() > 0);
        JsonElement age = records[2];
        Assert.Equal("Integer", age.GetProperty("data").GetProperty("value").GetProperty("dataType").GetString());
        Assert.True(age.GetProperty("isLastOp").GetBoolean());
        JsonElement edge = records[5];
        Assert.Equal("e", edge.GetProperty("data").GetProperty("type").GetString());
        Assert.Equal("alice", edge.GetProperty("data").GetProperty("from").GetString());
        Assert.Equal("bob", edge.GetProperty("data").GetProperty("to").GetString());
    }

    [Fact]
    public async Task Boto3_resumes_after_a_sequence_number_and_reads_the_latest_record()
    {
        var graph = new LocalGraph();
        await using var endpoint = LocalNeptuneEndpoint.Start(graph);
        graph.AddVertex("a", ["person"], [new("name", "A")]);
        graph.SetProperty("a", "name", "B");

        using JsonDocument after = await Boto3.RunAsync(Script, endpoint.Endpoint.ToString(), "pg",
            """{"limit": 10, "iteratorType": "AFTER_SEQUENCE_NUMBER", "commitNum": 1, "opNum": 2}""");
        JsonElement records = after.RootElement.GetProperty("ok").GetProperty("records");
        Assert.Equal(2, records.GetArrayLength());
        Assert.Equal("REMOVE", records[0].GetProperty("op").GetString());
        Assert.Equal("A", records[0].GetProperty("data").GetProperty("value").GetProperty("value").GetString());
        Assert.Equal("B", records[1].GetProperty("data").GetProperty("value").GetProperty("value").GetString());

        using JsonDocument latest = await Boto3.RunAsync(Script, endpoint.Endpoint.ToString(), "pg", """{"iteratorType": "LATEST", "limit": 50}""");
        Assert.Equal(1, latest.RootElement.GetProperty("ok").GetProperty("totalRecords").GetInt32());
    }

    [Fact]
    public async Task Boto3_maps_nothing_new_to_StreamRecordsNotFoundException()
    {
        var graph = new LocalGraph();
        await using var endpoint = LocalNeptuneEndpoint.Start(graph);
        graph.AddVertex("a", ["person"]);

        using JsonDocument doc = await Boto3.RunAsync(Script, endpoint.Endpoint.ToString(), "pg",
            """{"iteratorType": "AFTER_SEQUENCE_NUMBER", "commitNum": 1, "opNum": 1}""");

        Assert.Equal("StreamRecordsNotFoundException", doc.RootElement.GetProperty("error").GetString());
        Assert.Equal(404, doc.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("StreamRecordsNotFoundException", doc.RootElement.GetProperty("exception").GetString());
    }

    [Fact]
    public async Task Boto3_maps_a_position_out_of_retention_to_ExpiredStreamException()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var graph = new LocalGraph(time, TimeSpan.FromHours(1));
        await using var endpoint = LocalNeptuneEndpoint.Start(graph);
        graph.AddVertex("a", ["person"]);
        graph.AddVertex("b", ["person"]);
        time.Advance(TimeSpan.FromMinutes(30));
        graph.AddVertex("c", ["person"]);
        time.Advance(TimeSpan.FromMinutes(45));

        using JsonDocument expired = await Boto3.RunAsync(Script, endpoint.Endpoint.ToString(), "pg",
            """{"iteratorType": "AFTER_SEQUENCE_NUMBER", "commitNum": 1, "opNum": 1}""");
        Assert.Equal("ExpiredStreamException", expired.RootElement.GetProperty("error").GetString());
        Assert.Equal(400, expired.RootElement.GetProperty("status").GetInt32());

        using JsonDocument horizon = await Boto3.RunAsync(Script, endpoint.Endpoint.ToString(), "pg", """{"iteratorType": "TRIM_HORIZON"}""");
        Assert.Equal("c", horizon.RootElement.GetProperty("ok").GetProperty("records")[0].GetProperty("data").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Boto3_maps_bad_parameters_and_disabled_streams_to_their_exceptions()
    {
        var graph = new LocalGraph();
        await using var endpoint = LocalNeptuneEndpoint.Start(graph);
        graph.AddVertex("a", ["person"]);

        using JsonDocument missing = await Boto3.RunAsync(Script, endpoint.Endpoint.ToString(), "pg", """{"iteratorType": "AT_SEQUENCE_NUMBER"}""");
        Assert.Equal("InvalidParameterException", missing.RootElement.GetProperty("error").GetString());

        graph.StreamsEnabled = false;
        using JsonDocument disabled = await Boto3.RunAsync(Script, endpoint.Endpoint.ToString(), "pg", """{"iteratorType": "TRIM_HORIZON"}""");
        Assert.Equal("UnsupportedOperationException", disabled.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Boto3_reads_the_sparql_stream_as_NQUADS()
    {
        var graph = new LocalGraph();
        await using var endpoint = LocalNeptuneEndpoint.Start(graph);
        graph.AddStatement("<http://ex/alice>", "<http://ex/name>", "\"Alice\"");
        graph.RemoveStatement("<http://ex/alice>", "<http://ex/name>", "\"Alice\"");

        using JsonDocument doc = await Boto3.RunAsync(Script, endpoint.Endpoint.ToString(), "sparql", """{"iteratorType": "TRIM_HORIZON", "limit": 5}""");

        JsonElement page = doc.RootElement.GetProperty("ok");
        Assert.Equal("NQUADS", page.GetProperty("format").GetString());
        JsonElement records = page.GetProperty("records");
        Assert.Equal("<http://ex/alice> <http://ex/name> \"Alice\" .\n", records[0].GetProperty("data").GetProperty("stmt").GetString());
        Assert.Equal("REMOVE", records[1].GetProperty("op").GetString());
    }
}
