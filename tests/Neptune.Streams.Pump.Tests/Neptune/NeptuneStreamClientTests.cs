using System.Net;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Neptune.Streams.Local.NeptuneEndpoint;
using Neptune.Streams.Pump.Neptune;

namespace Neptune.Streams.Pump.Tests.Neptune;

public sealed class NeptuneStreamClientTests
{
    [Fact]
    public async Task Reads_pages_with_gzip_and_forwards_each_record_unchanged()
    {
        var graph = new LocalGraph();
        await using var endpoint = LocalNeptuneEndpoint.Start(graph);
        graph.AddVertex("a", ["person"], [new("name", "Ann")]);
        graph.AddEdge("e1", "self", "a", "a");
        using HttpClient http = NeptuneHttp.Create(null, "us-east-1", "neptune-db", TimeSpan.FromSeconds(10));
        var client = new NeptuneStreamClient(http, endpoint.Endpoint, NeptuneStreamKind.PropertyGraph);

        StreamPage page = await client.ReadAsync(StreamIterator.TrimHorizon, default, 100);

        Assert.Equal(StreamReadOutcome.Records, page.Outcome);
        Assert.Equal(3, page.Records.Count);
        StreamRecord edge = page.Records[2];
        Assert.Equal((2L, 1L, "e", "self", "a", "a", true), (edge.CommitNum, edge.OpNum, edge.Type, edge.Label, edge.From, edge.To, edge.IsLastOp));
        using JsonDocument raw = JsonDocument.Parse(edge.Json);
        Assert.Equal("e1", raw.RootElement.GetProperty("data").GetProperty("id").GetString());

        StreamPage next = await client.ReadAsync(StreamIterator.AfterSequenceNumber, new StreamPosition(1, 2), 100);
        Assert.Equal("e1", Assert.Single(next.Records).ElementId);
    }

    [Fact]
    public async Task Maps_the_local_endpoint_errors_to_outcomes()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var graph = new LocalGraph(time, TimeSpan.FromMinutes(1));
        await using var endpoint = LocalNeptuneEndpoint.Start(graph);
        graph.AddVertex("a", ["person"]);
        using HttpClient http = NeptuneHttp.Create(null, "us-east-1", "neptune-db", TimeSpan.FromSeconds(10));
        var client = new NeptuneStreamClient(http, endpoint.Endpoint, NeptuneStreamKind.PropertyGraph);

        Assert.Equal(StreamReadOutcome.CaughtUp, (await client.ReadAsync(StreamIterator.AfterSequenceNumber, new StreamPosition(1, 1), 10)).Outcome);
        Assert.Equal(StreamReadOutcome.InvalidParameter, (await client.ReadAsync(StreamIterator.TrimHorizon, default, 0)).Outcome);
        time.Advance(TimeSpan.FromMinutes(2));
        graph.AddVertex("b", ["person"]);
        StreamPage expired = await client.ReadAsync(StreamIterator.AtSequenceNumber, new StreamPosition(1, 1), 10);
        Assert.Equal((StreamReadOutcome.Expired, "ExpiredStreamException"), (expired.Outcome, expired.ErrorCode));
        graph.StreamsEnabled = false;
        Assert.Equal(StreamReadOutcome.StreamsDisabled, (await client.ReadAsync(StreamIterator.TrimHorizon, default, 10)).Outcome);
    }

    [Fact]
    public async Task A_body_that_stalls_after_the_headers_times_out_as_a_throttled_read()
    {
        // The headers arrive at once and the body never finishes: the client's timeout alone would not cover the body.
        using var server = new HalfAnswerServer(closeAfterHeaders: false);
        using HttpClient http = NeptuneHttp.Create(null, "us-east-1", "neptune-db", TimeSpan.FromSeconds(1));
        var client = new NeptuneStreamClient(http, server.Endpoint, NeptuneStreamKind.PropertyGraph);

        StreamPage page = await client.ReadAsync(StreamIterator.TrimHorizon, default, 10).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((StreamReadOutcome.Throttled, "ClientTimeout"), (page.Outcome, page.ErrorCode));
    }

    [Fact]
    public async Task A_connection_lost_part_way_through_the_body_is_the_retried_http_failure()
    {
        using var server = new HalfAnswerServer(closeAfterHeaders: true);
        using HttpClient http = NeptuneHttp.Create(null, "us-east-1", "neptune-db", TimeSpan.FromSeconds(10));
        var client = new NeptuneStreamClient(http, server.Endpoint, NeptuneStreamKind.PropertyGraph);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.ReadAsync(StreamIterator.TrimHorizon, default, 10));
    }

    /// <summary>An HTTP server on 127.0.0.1 that answers 200 with a Content-Length, writes part of the body, then stalls or hangs up.</summary>
    private sealed class HalfAnswerServer : IDisposable
    {
        private readonly System.Net.Sockets.TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        public HalfAnswerServer(bool closeAfterHeaders)
        {
            _listener.Start();
            Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
            _ = ServeAsync(closeAfterHeaders);
        }

        public Uri Endpoint { get; }

        private async Task ServeAsync(bool closeAfterHeaders)
        {
            try
            {
                using var socket = await _listener.AcceptSocketAsync(_stop.Token);
                byte[] request = new byte[8192];
                await socket.ReceiveAsync(request, _stop.Token);
                await socket.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"lastEventId\":"), _stop.Token);
                if (!closeAfterHeaders)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // stopped
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }
    }

    [Theory]
    [InlineData("StreamRecordsNotFoundException_future_commitNum", nameof(StreamReadOutcome.CaughtUp))]
    [InlineData("ExpiredStreamException", nameof(StreamReadOutcome.Expired))]
    [InlineData("InvalidParameterException", nameof(StreamReadOutcome.InvalidParameter))]
    [InlineData("UnsupportedOperationException_streams_disabled", nameof(StreamReadOutcome.StreamsDisabled))]
    [InlineData("ThrottlingException", nameof(StreamReadOutcome.Throttled))]
    [InlineData("MemoryLimitExceededException", nameof(StreamReadOutcome.MemoryLimit))]
    public async Task Maps_every_fixture_error_body_to_its_outcome(string fixture, string expectedOutcome)
    {
        using JsonDocument errors = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "fixtures", "neptune", "stream-api-errors.json")));
        JsonElement error = errors.RootElement.GetProperty(fixture);
        using var stub = new StubHandler((HttpStatusCode)error.GetProperty("httpStatus").GetInt32(), error.GetProperty("body").GetRawText());
        using var http = new HttpClient(stub);
        var client = new NeptuneStreamClient(http, new Uri("http://neptune.invalid:8182/"), NeptuneStreamKind.PropertyGraph);

        StreamPage page = await client.ReadAsync(StreamIterator.AfterSequenceNumber, new StreamPosition(4716, 4), 10);

        Assert.Equal(expectedOutcome, page.Outcome.ToString());
        Assert.Equal(error.GetProperty("body").GetProperty("code").GetString(), page.ErrorCode);
    }

    [Theory]
    [InlineData(429, "TooManyRequestsException", nameof(StreamReadOutcome.Throttled))]
    [InlineData(408, "ClientTimeoutException", nameof(StreamReadOutcome.Throttled))]
    [InlineData(403, "AccessDeniedException", nameof(StreamReadOutcome.AccessDenied))]
    [InlineData(400, "IllegalArgumentException", nameof(StreamReadOutcome.InvalidParameter))]
    [InlineData(503, "", nameof(StreamReadOutcome.Throttled))]
    public void Classifies_the_other_neptunedata_errors(int status, string code, string expectedOutcome)
        => Assert.Equal(expectedOutcome, NeptuneStreamClient.Classify(status, code).ToString());

    [Fact]
    public async Task Sends_every_query_parameter_and_signs_for_neptune_db_with_IAM_credentials()
    {
        using var stub = new StubHandler(HttpStatusCode.OK, """{"lastEventId":{"commitNum":1,"opNum":1},"lastTrxTimestamp":1,"format":"PG_JSON","records":[],"totalRecords":0}""");
        using HttpClient http = NeptuneHttp.Create(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), "eu-west-1", "neptune-db", TimeSpan.FromSeconds(5), stub);
        var client = new NeptuneStreamClient(http, new Uri("https://my-cluster.cluster-abc.eu-west-1.neptune.amazonaws.com:8182/"), NeptuneStreamKind.Sparql);

        await client.ReadAsync(StreamIterator.AfterSequenceNumber, new StreamPosition(12, 3), 500);

        HttpRequestMessage request = stub.LastRequest!;
        Assert.Equal("/sparql/stream", request.RequestUri!.AbsolutePath);
        Assert.Equal("?limit=500&iteratorType=AFTER_SEQUENCE_NUMBER&commitNum=12&opNum=3", request.RequestUri.Query);
        Assert.Contains("gzip", request.Headers.AcceptEncoding.ToString(), StringComparison.Ordinal);
        string authorization = string.Join(",", request.Headers.GetValues("Authorization"));
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", authorization, StringComparison.Ordinal);
        Assert.Contains("/eu-west-1/neptune-db/aws4_request", authorization, StringComparison.Ordinal);
        Assert.True(request.Headers.Contains("X-Amz-Date"));
    }

    [Fact]
    public void A_page_record_without_an_event_id_is_named_in_the_error()
    {
        byte[] body = Encoding.UTF8.GetBytes("""{"records":[{"data":{"id":"x","type":"vl"},"op":"ADD"}]}""");
        var ex = Assert.Throws<InvalidDataException>(() => StreamPageParser.Parse(body));
        Assert.Contains("Record 0", ex.Message, StringComparison.Ordinal);
    }
}
