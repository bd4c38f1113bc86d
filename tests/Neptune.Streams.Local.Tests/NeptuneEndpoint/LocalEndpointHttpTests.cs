using System.Net;
using System.Text;
using System.Text.Json;
using Neptune.Streams.Local.NeptuneEndpoint;

namespace Neptune.Streams.Local.Tests.NeptuneEndpoint;

public sealed class LocalEndpointHttpTests
{
    [Fact]
    public async Task Gzip_is_served_when_asked_and_the_page_matches_the_fixture_shape()
    {
        var graph = new LocalGraph();
        await using var endpoint = LocalNeptuneEndpoint.Start(graph);
        graph.AddVertex("v1", ["person"], [new("name", "Alice")]);
        using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint.Endpoint, "pg/stream?iteratorType=TRIM_HORIZON&limit=5"));
        request.Headers.AcceptEncoding.ParseAdd("gzip");

        using HttpResponseMessage response = await http.SendAsync(request);
        byte[] body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Equal(0x1f, body[0]);
        using var zip = new System.IO.Compression.GZipStream(new MemoryStream(body), System.IO.Compression.CompressionMode.Decompress);
        using JsonDocument page = await JsonDocument.ParseAsync(zip);
        string[] fields = [.. page.RootElement.EnumerateObject().Select(p => p.Name)];
        Assert.Equal(["lastEventId", "lastTrxTimestamp", "format", "records", "totalRecords"], fields);
        JsonElement record = page.RootElement.GetProperty("records")[1];
        Assert.Equal(["commitTimestamp", "eventId", "data", "op", "isLastOp"], record.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(["id", "type", "key", "value"], record.GetProperty("data").EnumerateObject().Select(p => p.Name).ToArray());
    }

    [Fact]
    public async Task Dropping_a_vertex_removes_edge_properties_and_edges_then_properties_then_labels()
    {
        var graph = new LocalGraph();
        await using var endpoint = LocalNeptuneEndpoint.Start(graph);
        graph.AddVertex("a", ["person", "employee"], [new("name", "A")]);
        graph.AddVertex("b", ["person"]);
        graph.AddEdge("e", "knows", "b", "a", [new("since", 1)]);
        long commit = graph.DropVertex("a");

        using var http = new HttpClient();
        using JsonDocument page = JsonDocument.Parse(await http.GetStringAsync(new Uri(endpoint.Endpoint,
            $"propertygraph/stream?iteratorType=AT_SEQUENCE_NUMBER&commitNum={commit}&limit=100")));

        string[] ops = [.. page.RootElement.GetProperty("records").EnumerateArray()
            .Select(r => $"{r.GetProperty("op").GetString()} {r.GetProperty("data").GetProperty("type").GetString()} {r.GetProperty("data").GetProperty("id").GetString()}")];
        Assert.Equal(["REMOVE ep e", "REMOVE e e", "REMOVE vp a", "REMOVE vl a", "REMOVE vl a"], ops);
        Assert.True(page.RootElement.GetProperty("records")[4].GetProperty("isLastOp").GetBoolean());
    }

    [Fact]
    public async Task A_non_finite_double_is_served_as_its_text_with_its_numeric_data_type()
    {
        var graph = new LocalGraph();
        await using var endpoint = LocalNeptuneEndpoint.Start(graph);
        graph.AddVertex("v", ["scored"], [new("score", double.NaN), new("high", double.PositiveInfinity)]);

        using var http = new HttpClient();
        using JsonDocument page = JsonDocument.Parse(await http.GetStringAsync(new Uri(endpoint.Endpoint, "propertygraph/stream?iteratorType=TRIM_HORIZON&limit=10")));

        string[] values = [.. page.RootElement.GetProperty("records").EnumerateArray().Skip(1)
            .Select(r => r.GetProperty("data").GetProperty("value").GetRawText())];
        Assert.Equal(["{\"value\":\"NaN\",\"dataType\":\"Double\"}", "{\"value\":\"Infinity\",\"dataType\":\"Double\"}"], values);
    }

    [Fact]
    public async Task Errors_carry_Neptune_status_and_body_fields()
    {
        var graph = new LocalGraph();
        await using var endpoint = LocalNeptuneEndpoint.Start(graph);
        using var http = new HttpClient();

        using HttpResponseMessage response = await http.GetAsync(new Uri(endpoint.Endpoint, "propertygraph/stream?limit=0&iteratorType=TRIM_HORIZON"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["detailedMessage", "requestId", "code", "message"], body.RootElement.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("InvalidParameterException", body.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_label_look_up_answers_vertex_labels_and_edge_endpoints()
    {
        var graph = new LocalGraph();
        await using var endpoint = LocalNeptuneEndpoint.Start(graph);
        graph.AddVertex("a", ["person", "employee"]);
        graph.AddVertex("b", ["person"]);
        graph.AddEdge("e'1", "knows", "a", "b");
        using var http = new HttpClient();

        async Task<JsonElement> QueryAsync(string gremlin)
        {
            using var content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, string> { ["gremlin"] = gremlin }), Encoding.UTF8, "application/json");
            using HttpResponseMessage response = await http.PostAsync(new Uri(endpoint.Endpoint, "gremlin"), content);
            response.EnsureSuccessStatusCode();
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("result").GetProperty("data").GetProperty("@value");
        }

        Assert.Equal("person::employee", (await QueryAsync("g.V('a').label()"))[0].GetString());
        JsonElement map = (await QueryAsync("g.E('e\\'1').project('label','from','to').by(label).by(outV().id()).by(inV().id())"))[0].GetProperty("@value");
        Assert.Equal(["label", "knows", "from", "a", "to", "b"], map.EnumerateArray().Select(v => v.GetString()!).ToArray());
        Assert.Equal(0, (await QueryAsync("g.V('missing').label()")).GetArrayLength());
    }

    [Fact]
    public async Task A_page_stops_after_the_record_that_crosses_10_MB()
    {
        var graph = new LocalGraph();
        await using var endpoint = LocalNeptuneEndpoint.Start(graph);
        string oneMegabyte = new('x', 1024 * 1024);
        graph.AddVertex("big", ["blob"], Enumerable.Range(0, 14).Select(i => new KeyValuePair<string, object>($"p{i}", oneMegabyte)));
        using var http = new HttpClient();

        using JsonDocument page = JsonDocument.Parse(await http.GetStringAsync(new Uri(endpoint.Endpoint, "pg/stream?iteratorType=TRIM_HORIZON&limit=100")));

        // The label record, then properties until the 10 MB cap is crossed by the eleventh.
        Assert.Equal(11, page.RootElement.GetProperty("totalRecords").GetInt32());
        Assert.Equal(11, page.RootElement.GetProperty("records").GetArrayLength());
        Assert.Equal(11, page.RootElement.GetProperty("lastEventId").GetProperty("opNum").GetInt32());
    }

    [Fact]
    public async Task A_label_look_up_body_of_exactly_the_limit_is_answered()
    {
        var graph = new LocalGraph();
        graph.AddVertex("a", ["person"]);
        await using var endpoint = LocalNeptuneEndpoint.Start(graph);

        using HttpResponseMessage response = await PostPaddedGremlinAsync(endpoint, LocalNeptuneEndpoint.MaxRequestBodyBytes);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_request_body_one_byte_past_the_limit_is_refused_with_413_and_a_Neptune_error_body()
    {
        var graph = new LocalGraph();
        graph.AddVertex("a", ["person"]);
        await using var endpoint = LocalNeptuneEndpoint.Start(graph);

        using HttpResponseMessage response = await PostPaddedGremlinAsync(endpoint, LocalNeptuneEndpoint.MaxRequestBodyBytes + 1);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("BadRequestException", body.RootElement.GetProperty("code").GetString());
        Assert.Contains("1048576 bytes", body.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endpoints_started_at_once_each_serve_on_their_own_port()
    {
        LocalNeptuneEndpoint[] endpoints = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => LocalNeptuneEndpoint.Start(new LocalGraph()))));
        try
        {
            Assert.Equal(endpoints.Length, endpoints.Select(e => e.Endpoint.Port).Distinct().Count());
            using var http = new HttpClient();
            foreach (LocalNeptuneEndpoint endpoint in endpoints)
            {
                endpoint.Graph.AddVertex($"v{endpoint.Endpoint.Port}", ["port"]);
                using JsonDocument page = JsonDocument.Parse(await http.GetStringAsync(new Uri(endpoint.Endpoint, "pg/stream?iteratorType=TRIM_HORIZON")));
                Assert.Equal($"v{endpoint.Endpoint.Port}", page.RootElement.GetProperty("records")[0].GetProperty("data").GetProperty("id").GetString());
            }
        }
        finally
        {
            foreach (LocalNeptuneEndpoint endpoint in endpoints)
            {
                await endpoint.DisposeAsync();
            }
        }
    }

    private static async Task<HttpResponseMessage> PostPaddedGremlinAsync(LocalNeptuneEndpoint endpoint, long size)
    {
        // Whitespace after the JSON object keeps it valid at any size.
        byte[] query = "{\"gremlin\":\"g.V('a').label()\"}"u8.ToArray();
        byte[] body = new byte[size];
        body.AsSpan().Fill((byte)' ');
        query.CopyTo(body, 0);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint.Endpoint, "gremlin")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        // With "Expect: 100-continue" the answer to an oversized body comes before the body is sent; without, the
        // server closes the connection while the body is still being written.
        request.Headers.ExpectContinue = true;
        return await http.SendAsync(request);
    }
}
