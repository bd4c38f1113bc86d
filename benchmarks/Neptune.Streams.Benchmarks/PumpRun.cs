using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Neptune.Streams.Local.NeptuneEndpoint;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.Neptune;
using Neptune.Streams.Pump.Pumping;
using Neptune.Streams.Pump.State;

namespace Neptune.Streams.Benchmarks;

/// <summary>
/// The pump from the local Neptune endpoint (gzip on, pages of the default 1,000 records) to in-memory Kinesis, against
/// a floor: the same pages fetched with gzip, parsed and each record re-serialized, nothing else. Both run in this
/// process with the endpoint, so both allocation figures include the endpoint's serving (the same for both).
/// </summary>
public static class PumpRun
{
    private const int Vertices = 10_000;

    /// <summary>The local endpoint with the benchmark's graph, and one pump run over its stream (the records it forwards).</summary>
    public sealed class Setup(LocalNeptuneEndpoint endpoint, HttpClient http) : IAsyncDisposable
    {
        public LocalNeptuneEndpoint Endpoint => endpoint;

        public HttpClient Http => http;

        public long Forwarded { get; private set; }

        public async Task RunAsync()
        {
            var kinesis = new InMemoryKinesis();
            await kinesis.CreateStreamAsync("bench", 1);
            var options = new PumpOptions { NeptuneEndpoint = endpoint.Endpoint, KinesisStreamName = "bench", StopWhenCaughtUp = true };
            PumpRunSummary summary = await new StreamPump(options, http, kinesis, new InMemoryPumpStateStore()).RunAsync();
            Forwarded = summary.RecordsForwarded;
        }

        public async ValueTask DisposeAsync()
        {
            http.Dispose();
            await endpoint.DisposeAsync();
        }
    }

    public static async Task<(Setup Pump, int Records)> CreateAsync()
    {
        var graph = new LocalGraph();
        for (int i = 0; i < Vertices; i++)
        {
            graph.AddVertex($"person-{i:D8}", ["person"], [new("name", $"Person {i}"), new("age", 20 + (i % 60))]);
        }

        var setup = new Setup(LocalNeptuneEndpoint.Start(graph), NeptuneHttp.Create(null, "us-east-1", "neptune-db", TimeSpan.FromSeconds(60)));
        await setup.RunAsync();
        return (setup, (int)setup.Forwarded);
    }

    public static async Task PrintAsync()
    {
        var (setup, records) = await CreateAsync();
        await using var owned = setup;
        LocalNeptuneEndpoint endpoint = setup.Endpoint;
        HttpClient http = setup.Http;
        Func<Task> pump = setup.RunAsync;
        Func<Task> floor = () => ReadAndReserializeAsync(http, endpoint.Endpoint, records);

        double[] rates = await Measure.BestRatesInTurnsAsync(records, [pump, floor]);
        (double pumpRate, double floorRate) = (rates[0], rates[1]);
        double pumpAllocated = await Measure.AllocatedPerItemAsync(records, pump);
        double floorAllocated = await Measure.AllocatedPerItemAsync(records, floor);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pump, {records:N0} stream records ({Vertices:N0} vertex commits), local endpoint with gzip -> in-memory Kinesis:"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  pump  {pumpRate,10:N0} rec/s {pumpAllocated,7:N0} B/record"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  floor {floorRate,10:N0} rec/s {floorAllocated,7:N0} B/record (fetch the pages with gzip, parse, re-serialize each record)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  pump / floor: {pumpRate / floorRate:P0} of the rate, {pumpAllocated / floorAllocated:0.0}x the allocation"));
    }

    /// <summary>
    /// <see cref="PrintAsync"/> in a process of its own (this program, <c>pump</c>), as a pump runs: measured in the process
    /// that has just measured the 6 MB batches, its figures depended on the heap and the collector's tuning they left.
    /// </summary>
    public static Task PrintInOwnProcessAsync() => ChildProcess.RunAsync("pump", capture: false);

    /// <summary>Every page from the start, gzip, each record parsed and written again; the records read.</summary>
    internal static async Task<long> ReadAndReserializeAsync(HttpClient http, Uri endpoint, int expected)
    {
        var output = new ArrayBufferWriter<byte>(64 * 1024);
        long read = 0;
        string query = "iteratorType=TRIM_HORIZON";
        while (read < expected)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint, $"propertygraph/stream?{query}&limit=1000"));
            request.Headers.AcceptEncoding.ParseAdd("gzip");
            using HttpResponseMessage response = await http.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"The endpoint answered {(int)response.StatusCode}.");
            }

            await using Stream body = await response.Content.ReadAsStreamAsync();
            using JsonDocument page = await JsonDocument.ParseAsync(body);
            foreach (JsonElement record in page.RootElement.GetProperty("records").EnumerateArray())
            {
                output.ResetWrittenCount();
                using (var writer = new Utf8JsonWriter(output))
                {
                    record.WriteTo(writer);
                }

                read++;
            }

            JsonElement last = page.RootElement.GetProperty("lastEventId");
            query = string.Create(CultureInfo.InvariantCulture,
                $"iteratorType=AFTER_SEQUENCE_NUMBER&commitNum={last.GetProperty("commitNum").GetInt64()}&opNum={last.GetProperty("opNum").GetInt64()}");
        }

        return read;
    }
}
