using System.Globalization;

namespace Neptune.Streams.Chaos;

/// <summary>What the snapshot variant of the chaos run proves: the figures of its one summary line.</summary>
public sealed record SnapshotChaosSummary
{
    /// <summary>Operations written before the pump started, with commit timestamps older than the stream's retention.</summary>
    public int HistoryOperations { get; init; }

    /// <summary>Operations written while the pump ran (during and after its snapshot).</summary>
    public int LiveOperations { get; init; }

    /// <summary>Of <see cref="LiveOperations"/>, those written before the pump's snapshot was seen done (checked every 25 operations).</summary>
    public int OperationsDuringSnapshot { get; init; }

    /// <summary>Vertices in the graph at the end.</summary>
    public int Vertices { get; init; }

    /// <summary>Edges in the graph at the end.</summary>
    public int Edges { get; init; }

    /// <summary>Differences between the consumer's view (QuickStart's materialized view of the applied effects) and the graph.</summary>
    public int ViewDifferences { get; init; }

    /// <summary>The first differences, for the log.</summary>
    public IReadOnlyList<string> FirstDifferences { get; init; } = [];

    /// <summary>Snapshot events applied at the sink.</summary>
    public int SnapshotEffects { get; init; }

    /// <summary>Effects at the sink that applied a change (an operation of an element's snapshot event or of one of its commits) applied before.</summary>
    public int DuplicateEffects { get; init; }

    /// <summary>Pumps killed while their snapshot was not done.</summary>
    public long SnapshotKills { get; init; }

    /// <summary>Pumps killed in all.</summary>
    public long PumpKills { get; init; }

    /// <summary>Whether the pump's stored snapshot progress reached <c>Done</c>.</summary>
    public bool SnapshotDone { get; init; }

    /// <summary>Poison records found on the dead-letter queue, matched by their exact bytes.</summary>
    public int Poison { get; init; }

    /// <summary>Poison records put on the stream.</summary>
    public int PoisonInjected { get; init; }

    /// <summary>Dead letters that are not injected poison.</summary>
    public int UnexpectedDeadLetters { get; init; }

    /// <summary>Records the event source mapping gave up (retries exhausted): sent to the on-failure queue.</summary>
    public long GivenUp { get; init; }

    /// <summary>Events the handler was given in more than one invocation (allowed: at-least-once delivery).</summary>
    public int Redelivered { get; init; }

    /// <summary>The settings of the run.</summary>
    public ChaosOptions Options { get; init; } = new();

    /// <summary>The faults injected, for the log.</summary>
    public string Faults { get; init; } = string.Empty;

    /// <summary>Whether the run reached <see cref="ChaosOptions.MaxDuration"/> before it ended on its own (the view caught up, or nothing moved for the quiet period).</summary>
    public bool StoppedAtCap { get; init; }

    /// <summary>How long the run took.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Whether the view equals the graph, nothing was applied twice, the snapshot finished, and only poison was dead-lettered.</summary>
    public bool Passed => ViewDifferences == 0 && DuplicateEffects == 0 && SnapshotDone && Poison == PoisonInjected && UnexpectedDeadLetters == 0 && GivenUp == 0;

    /// <summary>The one summary line.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"snapshot: history_ops={HistoryOperations} live_ops={LiveOperations} during_snapshot={OperationsDuringSnapshot} vertices={Vertices} edges={Edges} view_differences={ViewDifferences} snapshot_effects={SnapshotEffects}"
        + $" duplicate_effects={DuplicateEffects} redelivered={Redelivered} snapshot_kills={SnapshotKills} pump_kills={PumpKills} snapshot_done={(SnapshotDone ? "yes" : "no")}"
        + $" poison={Poison}/{PoisonInjected} unexpected_dead_letters={UnexpectedDeadLetters} given_up={GivenUp}"
        + $" retries_max={Options.MaximumRetryAttempts} bisect={(Options.BisectBatchOnFunctionError ? "on" : "off")} pf={Options.ParallelizationFactor} batch={Options.BatchSize} page={Options.SnapshotPageSize}"
        + $" label_faults={Options.LabelFaultRate.ToString(CultureInfo.InvariantCulture)}");
}
