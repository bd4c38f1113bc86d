using System.Text;
using System.Text.Json;
using Neptune.Streams.Local.NeptuneEndpoint;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.Neptune;
using Neptune.Streams.Pump.Pumping;
using Neptune.Streams.Pump.State;

namespace Neptune.Streams.Pump.Tests.Pumping;

/// <summary>A local graph and endpoint, a Kinesis and a state store, and helpers to run pumps and read what they wrote.</summary>
internal sealed class PumpHarness : IAsyncDisposable
{
    private PumpHarness(LocalGraph graph, LocalNeptuneEndpoint endpoint, IKinesisClient kinesis, IPumpStateStore state, string stream)
    {
        Graph = graph;
        Endpoint = endpoint;
        Kinesis = kinesis;
        State = state;
        StreamName = stream;
        Http = NeptuneHttp.Create(null, "us-east-1", "neptune-db", TimeSpan.FromSeconds(30));
    }

    public LocalGraph Graph { get; }

    public LocalNeptuneEndpoint Endpoint { get; }

    public IKinesisClient Kinesis { get; }

    public IPumpStateStore State { get; }

    public string StreamName { get; }

    public HttpClient Http { get; }

    public static async Task<PumpHarness> StartAsync(IKinesisClient? kinesis = null, IPumpStateStore? state = null, LocalGraph? graph = null, int shards = 2)
    {
        graph ??= new LocalGraph();
        kinesis ??= new InMemoryKinesis();
        string stream = "pump-" + Guid.NewGuid().ToString("N")[..10];
        await kinesis.CreateStreamAsync(stream, shards);
        return new PumpHarness(graph, LocalNeptuneEndpoint.Start(graph), kinesis, state ?? new InMemoryPumpStateStore(), stream);
    }

    public PumpOptions Options(Action<PumpOptions>? configure = null)
    {
        var options = new PumpOptions
        {
            NeptuneEndpoint = Endpoint.Endpoint,
            KinesisStreamName = StreamName,
            StopWhenCaughtUp = true,
            PollInterval = TimeSpan.FromMilliseconds(10),
            Limit = 100,
        };
        configure?.Invoke(options);
        return options;
    }

    public StreamPump Pump(PumpOptions? options = null, TimeProvider? time = null, Microsoft.Extensions.Logging.ILogger? logger = null)
        => new(options ?? Options(), Http, Kinesis, State, time, logger);

    /// <summary>Every Kinesis record of the stream, shard by shard in order, as JSON.</summary>
    public async Task<List<(string PartitionKey, JsonElement Envelope)>> ReadAllAsync()
    {
        var all = new List<(string, JsonElement)>();
        foreach (KinesisShard shard in await Kinesis.ListShardsAsync(StreamName))
        {
            string? iterator = await Kinesis.GetShardIteratorAsync(StreamName, shard.ShardId, ShardIteratorKind.TrimHorizon);
            while (iterator is not null)
            {
                KinesisGetRecordsResult result = await Kinesis.GetRecordsAsync(iterator, 1000);
                foreach (KinesisRecord record in result.Records)
                {
                    all.Add((record.PartitionKey, JsonDocument.Parse(Encoding.UTF8.GetString(record.Data.Span)).RootElement.Clone()));
                }

                iterator = result.Records.Count == 0 ? null : result.NextShardIterator;
            }
        }

        return all;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Endpoint.DisposeAsync();
    }
}
