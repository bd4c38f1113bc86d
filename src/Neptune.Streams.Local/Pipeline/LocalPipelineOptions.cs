using Neptune.Streams.Local.EventSourceMapping;
using Neptune.Streams.Local.NeptuneEndpoint;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.Pumping;
using Neptune.Streams.Pump.State;

namespace Neptune.Streams.Local.Pipeline;

/// <summary>How the local pipeline runs; every piece defaults to the embedded one and can point at moto_server or AWS.</summary>
public sealed class LocalPipelineOptions
{
    private int _mutations = 200;
    private TimeSpan _mutationInterval = TimeSpan.FromMilliseconds(20);
    private int _shardCount = 2;

    /// <summary>How many random social-network changes to write; 0 to write none (write to <see cref="Graph"/> yourself).</summary>
    /// <value>200.</value>
    public int Mutations
    {
        get => _mutations;
        set => _mutations = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Cannot be negative.");
    }

    /// <summary>The pause between two changes, so events can be watched as they flow.</summary>
    /// <value>20 ms.</value>
    public TimeSpan MutationInterval
    {
        get => _mutationInterval;
        set => _mutationInterval = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Cannot be negative.");
    }

    /// <summary>The seed of the random writer.</summary>
    /// <value>42.</value>
    public int Seed { get; set; } = 42;

    /// <summary>The graph (and its stream) to serve; a new empty one by default.</summary>
    public LocalGraph? Graph { get; set; }

    /// <summary>
    /// The writer of the <see cref="Mutations"/>; a new one on <see cref="Graph"/> with <see cref="Seed"/> by default. Pass
    /// the writer that already wrote the graph's history (e.g. before a snapshot) so that it continues that network.
    /// </summary>
    public SocialNetworkWriter? Writer { get; set; }

    /// <summary>
    /// A Neptune endpoint to pump from instead of the embedded one (a real cluster, from inside its VPC). Then no local
    /// graph is written and the run lasts until cancelled.
    /// </summary>
    public Uri? NeptuneEndpoint { get; set; }

    /// <summary>Credentials to sign Neptune requests with (IAM database authentication); null sends them unsigned.</summary>
    public Amazon.Runtime.AWSCredentials? NeptuneCredentials { get; set; }

    /// <summary>The signing region of <see cref="NeptuneCredentials"/>.</summary>
    /// <value><c>us-east-1</c>.</value>
    public string Region { get; set; } = "us-east-1";

    /// <summary>The Kinesis to write and read; an <see cref="InMemoryKinesis"/> by default, or a <see cref="KinesisHttpClient"/> for moto/AWS.</summary>
    public IKinesisClient? Kinesis { get; set; }

    /// <summary>Shards of the stream when the pipeline creates it.</summary>
    /// <value>2.</value>
    public int ShardCount
    {
        get => _shardCount;
        set => _shardCount = value is >= 1 and <= 100 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "1 to 100 shards.");
    }

    /// <summary>Where the pump keeps position and lease; in memory by default, a <see cref="DynamoDbPumpStateStore"/> for moto/AWS.</summary>
    public IPumpStateStore? PumpState { get; set; }

    /// <summary>The pump's options; the endpoint and stream name are filled in by the pipeline.</summary>
    public PumpOptions Pump { get; } = new() { PollInterval = TimeSpan.FromMilliseconds(50), Limit = 1000 };

    /// <summary>The event source mapping's options; the stream name is filled in by the pipeline.</summary>
    public EventSourceMappingOptions EventSourceMapping { get; } = new() { PollInterval = TimeSpan.FromMilliseconds(50), BatchSize = 100 };

    /// <summary>Whether the run ends once the writer is done and everything written has been handled; otherwise it runs until cancelled.</summary>
    /// <value>true.</value>
    public bool StopWhenDrained { get; set; } = true;
}
