namespace Neptune.Streams.Chaos;

/// <summary>How big the run is and how often each fault strikes.</summary>
public sealed class ChaosOptions
{
    /// <summary>Neptune operations (one transaction each) the random writer commits.</summary>
    public int Operations { get; set; } = 3000;

    /// <summary>Seeds every random choice (the writer's mutations are reproducible; timing is not).</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Kinesis shards.</summary>
    public int Shards { get; set; } = 4;

    /// <summary>Records put straight onto Kinesis that no parser accepts; each must reach the dead-letter queue.</summary>
    public int PoisonRecords { get; set; } = 5;

    /// <summary>Chance per handled event of a Polly chaos fault (an exception) in the handler path.</summary>
    public double HandlerFaultRate { get; set; } = 0.02;

    /// <summary>Chance per handled event of a Polly chaos outcome (the sink answers "not applied, try again").</summary>
    public double HandlerOutcomeRate { get; set; } = 0.01;

    /// <summary>Chance per handled event of Polly chaos latency (<see cref="HandlerLatency"/>).</summary>
    public double HandlerLatencyRate { get; set; } = 0.01;

    /// <summary>The injected latency; longer than some invocation deadlines, so batches time out.</summary>
    public TimeSpan HandlerLatency { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Chance per DynamoDB or SQS HTTP request of an injected 500 or 400 ThrottlingException answer.</summary>
    public double AwsFaultRate { get; set; } = 0.05;

    /// <summary>Chance per handled event that the function instance dies there (a hard crash).</summary>
    public double CrashRate { get; set; } = 0.002;

    /// <summary>Chance per PutRecords call that the pump is killed just before or just after Kinesis accepts it.</summary>
    public double PumpKillRate { get; set; } = 0.1;

    /// <summary>The shortest and longest invocation deadline (Lambda's timeout), drawn per invocation.</summary>
    public (TimeSpan Min, TimeSpan Max) InvocationTimeout { get; set; } = (TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5));

    /// <summary>How long the run may take before it stops and reports what is missing.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(4);
}
