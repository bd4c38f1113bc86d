namespace Neptune.Streams.Chaos;

/// <summary>
/// How big the run is, the settings it runs under (by default the ones template.yaml deploys) and how often each fault
/// strikes. The faults added for issue 11 are switches, so a run can leave out one whose fix has not landed yet.
/// </summary>
public sealed class ChaosOptions
{
    /// <summary>Neptune operations (one transaction each) the random writer commits.</summary>
    public int Operations { get; set; } = 3000;

    /// <summary>Seeds every random choice (the writer's mutations are reproducible; timing is not).</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Kinesis shards.</summary>
    public int Shards { get; set; } = 4;

    // ---------------------------------------------------------------- settings (template.yaml's defaults)

    /// <summary>The event source mapping's <c>MaximumRetryAttempts</c>.</summary>
    /// <value>10, as template.yaml deploys.</value>
    public int MaximumRetryAttempts { get; set; } = 10;

    /// <summary>The event source mapping's <c>BisectBatchOnFunctionError</c>.</summary>
    /// <value>true, as template.yaml deploys.</value>
    public bool BisectBatchOnFunctionError { get; set; } = true;

    /// <summary>The event source mapping's <c>MaximumRecordAgeInSeconds</c>; null for -1.</summary>
    /// <value>86,400 s, as template.yaml deploys.</value>
    public TimeSpan? MaximumRecordAge { get; set; } = TimeSpan.FromSeconds(86_400);

    /// <summary>The event source mapping's <c>BatchSize</c>.</summary>
    /// <value>100, as template.yaml deploys.</value>
    public int BatchSize { get; set; } = 100;

    /// <summary>The event source mapping's <c>MaximumBatchingWindowInSeconds</c>.</summary>
    /// <value>1 s, as template.yaml deploys.</value>
    public TimeSpan MaximumBatchingWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The event source mapping's <c>ParallelizationFactor</c>; above 1 the function's checkpoint scope is
    /// <c>PartitionKey</c>, as template.yaml sets it.
    /// </summary>
    /// <value>1, as template.yaml deploys.</value>
    public int ParallelizationFactor { get; set; } = 1;

    /// <summary>
    /// The idempotency store's <c>InProgressExpiry</c>; null for the store's default (what a user gets). Inside an
    /// invocation a claim expires <c>ClaimMarginAfterDeadline</c> after the invocation's deadline instead (issue 11.1).
    /// </summary>
    /// <value>null.</value>
    public TimeSpan? ClaimExpiry { get; set; }

    // ---------------------------------------------------------------- faults of the first round

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

    /// <summary>Chance per handled event that the function instance dies there (before the claim, or after the completion).</summary>
    public double CrashRate { get; set; } = 0.002;

    /// <summary>
    /// The handled event (counted over the run, from 1) at which the function instance dies for sure, on top of
    /// <see cref="CrashRate"/>; 0 for none. A short run handles too few events for the random crashes to be certain
    /// (at 1,500 events none happens one run in twenty), and a run without a crash proves nothing about redelivery.
    /// </summary>
    public int CrashAtEvent { get; set; } = 100;

    /// <summary>Chance per PutRecords call that the pump is killed just before or just after Kinesis accepts it.</summary>
    public double PumpKillRate { get; set; } = 0.1;

    /// <summary>The function's timeout: every invocation's deadline unless a short one is drawn.</summary>
    /// <value>60 s, as template.yaml deploys (<c>Globals.Function.Timeout</c>).</value>
    public TimeSpan FunctionTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Chance per invocation of a short deadline drawn from <see cref="InvocationTimeout"/> instead of
    /// <see cref="FunctionTimeout"/>: a batch that times out (a slow downstream, a cold start), which stops early and
    /// reports its first unhandled record.
    /// </summary>
    public double ShortTimeoutRate { get; set; } = 0.15;

    /// <summary>The shortest and longest short invocation deadline.</summary>
    public (TimeSpan Min, TimeSpan Max) InvocationTimeout { get; set; } = (TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5));

    // ---------------------------------------------------------------- faults of issue 11

    /// <summary>
    /// Chance per event (chosen by its element and commit, so every redelivery fails alike) that the handler throws
    /// <c>PermanentHandlerException</c> until the "fix" is deployed, which happens just before the redrive.
    /// </summary>
    public double PermanentFailureRate { get; set; } = 0.003;

    /// <summary>Commits of one element that a raw producer (not the pump) splits over two Kinesis records.</summary>
    public int SplitCommits { get; set; } = 20;

    /// <summary>KPL aggregates of gzip sub-records, each with one poison sub-record, put by a raw producer.</summary>
    public int KplAggregates { get; set; } = 5;

    /// <summary>Good sub-records per KPL aggregate (besides its poison one).</summary>
    public int KplSubRecords { get; set; } = 4;

    /// <summary>Chance per label look-up of the pump (<c>POST /gremlin</c>) that Neptune answers 500.</summary>
    public double LabelFaultRate { get; set; } = 0.2;

    /// <summary>Chance per handled event that the function dies inside the effect, while it holds the event's idempotency claim.</summary>
    public double ClaimKillRate { get; set; } = 0.002;

    /// <summary>
    /// The most kills while holding a claim in one run. Each stalls its shard until the dead invocation's deadline
    /// (the template's 60 s) plus the claim margin has passed, so a short run caps them.
    /// </summary>
    public int MaxClaimKills { get; set; } = int.MaxValue;

    /// <summary>
    /// Slow Kinesis writes of the pump that outlast its lease while a second pump waits for it; the first pump's write
    /// lands after the second one took over.
    /// </summary>
    public int LeaseSteals { get; set; } = 3;

    /// <summary>The pumps' lease duration (shorter than the default 60 s, so a slow write can outlast it within a CI run, long enough that normal pages renew it).</summary>
    public TimeSpan PumpLeaseDuration { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long before its lease expires a pump stops writing (<c>PumpOptions.LeaseSafetyMargin</c>); no clock skew here.</summary>
    public TimeSpan PumpLeaseSafetyMargin { get; set; } = TimeSpan.FromSeconds(5);

    // ---------------------------------------------------------------- the snapshot variant (SnapshotChaosRun)

    /// <summary>
    /// Whether the pump starts with a snapshot of the graph (<c>PumpStartPosition.Snapshot</c>) and the handler opts in
    /// to snapshot events; set by <see cref="SnapshotChaosRun"/>.
    /// </summary>
    public bool Snapshot { get; set; }

    /// <summary>Elements per snapshot page (<c>PumpOptions.Snapshot.PageSize</c>); small, so pump kills land inside the snapshot.</summary>
    public int SnapshotPageSize { get; set; } = 5;

    // ---------------------------------------------------------------- run control

    /// <summary>How long without any new effect, give-up or dead letter counts as "nothing more will come" (before and after the redrive).</summary>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long the run may take before it stops and reports what is missing.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(4);
}
