using System.Globalization;

namespace Neptune.Streams.Chaos;

/// <summary>What a chaos run proves: the figures of the one summary line.</summary>
public sealed record ChaosSummary
{
    /// <summary>Neptune operations committed (one transaction each).</summary>
    public int Operations { get; init; }

    /// <summary>Expected events: distinct (commit, element) pairs of the change log and of the raw producer, one event each.</summary>
    public int Events { get; init; }

    /// <summary>Expected events never applied at the sink (after the redrive), or applied without some of their changes.</summary>
    public int Lost { get; init; }

    /// <summary>Expected events missing before the redrive (what the run would have lost without on-failure queue, dead-letter queue and redrive).</summary>
    public int LostBeforeRedrive { get; init; }

    /// <summary>Effects applied at the sink for an element after an effect of a later commit of that element (outside the redrive).</summary>
    public int OrderViolations { get; init; }

    /// <summary>Effects the redrive applied after a later commit of the same element had been applied (a replay of stale changes; see docs/chaos.md).</summary>
    public int RedriveReordered { get; init; }

    /// <summary>Extra applications of one element's commit at the sink.</summary>
    public int DuplicateEffects { get; init; }

    /// <summary>Events the handler was given in more than one invocation (allowed: at-least-once delivery).</summary>
    public int Redelivered { get; init; }

    /// <summary>Poison records (and poison KPL sub-records) found on the dead-letter queue, matched by their exact bytes.</summary>
    public int Poison { get; init; }

    /// <summary>Poison records and poison KPL sub-records put on the stream.</summary>
    public int PoisonInjected { get; init; }

    /// <summary>Dead letters still on the queue after the redrive that are not injected poison.</summary>
    public int UnexpectedDeadLetters { get; init; }

    /// <summary>Records the event source mapping gave up (retries exhausted or too old): sent to the on-failure queue.</summary>
    public long GivenUp { get; init; }

    /// <summary>Dead letters (not injected poison) found on the dead-letter queue before the redrive.</summary>
    public int DeadLettered { get; init; }

    /// <summary>Records the redrive put back on the stream (from the dead-letter and the on-failure queue).</summary>
    public int Redriven { get; init; }

    /// <summary>Graph element events applied without any label and without the pump's <c>labelsUnknown</c> mark (silently unlabelled).</summary>
    public int Unlabelled { get; init; }

    /// <summary>Graph element events the pump marked <c>labelsUnknown</c> (deleted before the look-up, no later record of the page named the labels): visible, not silent.</summary>
    public int LabelsUnknown { get; init; }

    /// <summary>The settings of the run.</summary>
    public ChaosOptions Options { get; init; } = new();

    /// <summary>When an in-progress claim taken inside an invocation expires: its deadline plus the store's margin, in seconds.</summary>
    public string ClaimExpiry { get; init; } = string.Empty;

    /// <summary>Distinct events the handler rejected with <c>PermanentHandlerException</c>.</summary>
    public int Permanent { get; init; }

    /// <summary>Label look-ups of the pump that failed.</summary>
    public long LabelFaults { get; init; }

    /// <summary>Function instances killed while holding an idempotency claim.</summary>
    public long ClaimKills { get; init; }

    /// <summary>Slow pump writes that landed after the other pump host took the lease and wrote.</summary>
    public long LeaseSteals { get; init; }

    /// <summary>The faults injected, for the log.</summary>
    public string Faults { get; init; } = string.Empty;

    /// <summary>
    /// Whether the run reached <see cref="ChaosOptions.MaxDuration"/> before it ended on its own (everything applied,
    /// or nothing moving for the quiet period): what is missing then says the machine was too slow, not that it was lost.
    /// </summary>
    public bool StoppedAtCap { get; init; }

    /// <summary>How long the run took.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Whether nothing was lost, reordered, applied twice or left unlabelled, and every poison record (and only those) stayed dead-lettered.</summary>
    public bool Passed => Lost == 0 && OrderViolations == 0 && DuplicateEffects == 0 && Poison == PoisonInjected && UnexpectedDeadLetters == 0 && Unlabelled == 0;

    /// <summary>The one summary line.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"ops={Operations} events={Events} lost={Lost} order_violations={OrderViolations} duplicate_effects={DuplicateEffects} redelivered={Redelivered} poison={Poison}/{PoisonInjected}"
        + $" lost_before_redrive={LostBeforeRedrive} given_up={GivenUp} dead_lettered={DeadLettered} redriven={Redriven} redrive_reordered={RedriveReordered} unexpected_dead_letters={UnexpectedDeadLetters} unlabelled={Unlabelled} labels_unknown={LabelsUnknown}"
        + $" retries_max={Options.MaximumRetryAttempts} bisect={(Options.BisectBatchOnFunctionError ? "on" : "off")} claim_expiry_s={ClaimExpiry} pf={Options.ParallelizationFactor} batch={Options.BatchSize}"
        + $" permanent={Permanent} split_commits={Options.SplitCommits} kpl={Options.KplAggregates} label_faults={LabelFaults} claim_kills={ClaimKills} lease_steals={LeaseSteals}");
}
