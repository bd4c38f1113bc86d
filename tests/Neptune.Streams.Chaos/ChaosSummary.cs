using System.Globalization;

namespace Neptune.Streams.Chaos;

/// <summary>What a chaos run proves: the figures of the one summary line.</summary>
public sealed record ChaosSummary
{
    /// <summary>Neptune operations committed (one transaction each).</summary>
    public int Operations { get; init; }

    /// <summary>Expected events: distinct (commit, element) pairs of the change log, one event each.</summary>
    public int Events { get; init; }

    /// <summary>Expected events never applied at the sink.</summary>
    public int Lost { get; init; }

    /// <summary>Effects applied at the sink for an element after an effect of a later commit of that element.</summary>
    public int OrderViolations { get; init; }

    /// <summary>Extra applications of an event's effect at the sink (same element, same Neptune event id).</summary>
    public int DuplicateEffects { get; init; }

    /// <summary>Events the handler was given in more than one invocation (allowed: at-least-once delivery).</summary>
    public int Redelivered { get; init; }

    /// <summary>Poison records put on the stream and found on the dead-letter queue.</summary>
    public int Poison { get; init; }

    /// <summary>Poison records put on the stream.</summary>
    public int PoisonInjected { get; init; }

    /// <summary>Dead letters that were not one of the injected poison records (a real event dead-lettered).</summary>
    public int UnexpectedDeadLetters { get; init; }

    /// <summary>The faults injected, for the log.</summary>
    public string Faults { get; init; } = string.Empty;

    /// <summary>How long the run took.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Whether nothing was lost, reordered or applied twice, and every poison record was dead-lettered.</summary>
    public bool Passed => Lost == 0 && OrderViolations == 0 && DuplicateEffects == 0 && Poison == PoisonInjected && UnexpectedDeadLetters == 0;

    /// <summary>The one summary line.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"ops={Operations} events={Events} lost={Lost} order_violations={OrderViolations} duplicate_effects={DuplicateEffects} redelivered={Redelivered} poison={Poison}");
}
