using Neptune.Streams.Lambda.GraphEvents;
using Polly;
using Polly.Simmy;

namespace Neptune.Streams.Chaos;

/// <summary>What every function instance of one run shares: the options, the randomness, the sink and the AWS endpoints.</summary>
public sealed class ChaosWorld
{
    private bool _permanentFixed;

    /// <summary>Creates the shared state of a run.</summary>
    public ChaosWorld(ChaosOptions options, string awsEndpoint, string tableName, string deadLetterQueueUrl)
    {
        Options = options;
        AwsEndpoint = awsEndpoint;
        TableName = tableName;
        DeadLetterQueueUrl = deadLetterQueueUrl;
        Random = new LockedRandom(options.Seed);
        Faults = new FaultInjectingHttpClientFactory(this);
        HandlerChaos = new ResiliencePipelineBuilder<bool>()
            .AddChaosLatency(new() { InjectionRate = options.HandlerLatencyRate, Latency = options.HandlerLatency, Randomizer = Random.NextDouble })
            .AddChaosFault(new() { InjectionRate = options.HandlerFaultRate, FaultGenerator = args => ValueTask.FromResult<Exception?>(new InvalidOperationException("injected handler fault")), Randomizer = Random.NextDouble })
            .AddChaosOutcome(new() { InjectionRate = options.HandlerOutcomeRate, OutcomeGenerator = _ => ValueTask.FromResult<Outcome<bool>?>(Outcome.FromResult(false)), Randomizer = Random.NextDouble })
            .Build();
    }

    /// <summary>The run's options.</summary>
    public ChaosOptions Options { get; }

    /// <summary>moto_server's endpoint.</summary>
    public string AwsEndpoint { get; }

    /// <summary>The checkpoint and idempotency table.</summary>
    public string TableName { get; }

    /// <summary>The dead-letter queue.</summary>
    public string DeadLetterQueueUrl { get; }

    /// <summary>Every random choice of the run.</summary>
    public LockedRandom Random { get; }

    /// <summary>The downstream system.</summary>
    public EffectSink Sink { get; } = new();

    /// <summary>Faults injected so far.</summary>
    public ChaosCounters Counters { get; } = new();

    private int _lateWritesPending;

    /// <summary>Pump writes held up on their way that have not landed yet: a phase is not done while one is.</summary>
    internal int LateWritesPending => Volatile.Read(ref _lateWritesPending);

    /// <summary>Counts a pump write that lands late (see <see cref="KillingKinesisClient"/>) until it has landed.</summary>
    internal void AddLateWrite(Task landing)
    {
        Interlocked.Increment(ref _lateWritesPending);
        // The exception is observed here: a failed late write lands nothing, and what it carried was the other host's
        // to write.
        _ = landing.ContinueWith(
            t =>
            {
                _ = t.Exception;
                Interlocked.Decrement(ref _lateWritesPending);
            },
            CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    /// <summary>The HTTP layer of the function's DynamoDB and SQS clients.</summary>
    public FaultInjectingHttpClientFactory Faults { get; }

    /// <summary>Polly's chaos strategies, run in the handler before the sink.</summary>
    public ResiliencePipeline<bool> HandlerChaos { get; }

    /// <summary>Whether the "fix" for the permanent failures is deployed (set just before the redrive).</summary>
    public bool PermanentFixed
    {
        get => Volatile.Read(ref _permanentFixed);
        set => Volatile.Write(ref _permanentFixed, value);
    }

    /// <summary>Whether the handler rejects <paramref name="graphEvent"/> permanently: the same answer on every delivery.</summary>
    public bool FailsPermanently(GraphEvent graphEvent)
    {
        ArgumentNullException.ThrowIfNull(graphEvent);
        if (Options.PermanentFailureRate <= 0)
        {
            return false;
        }

        // FNV-1a over the element id and the commit: stable across processes, unlike string.GetHashCode.
        uint hash = 2166136261u ^ (uint)Options.Seed;
        foreach (char c in graphEvent.Id)
        {
            hash = (hash ^ c) * 16777619u;
        }

        hash = (hash ^ (uint)graphEvent.FirstEventId.CommitNum) * 16777619u;
        return hash % 1_000_000 < Options.PermanentFailureRate * 1_000_000;
    }
}
