using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Lambda.Testing;

/// <summary>What a run of the test host did: every invocation, the records handled and those given up.</summary>
public sealed class EventSourceMappingResult
{
    internal EventSourceMappingResult(
        IReadOnlyList<EventSourceMappingInvocation> invocations, IReadOnlyList<KinesisEventRecord> succeeded, IReadOnlyList<OnFailureBatch> onFailure)
    {
        Invocations = invocations;
        SucceededRecords = succeeded;
        OnFailure = onFailure;
    }

    /// <summary>Every invocation, in order.</summary>
    public IReadOnlyList<EventSourceMappingInvocation> Invocations { get; }

    /// <summary>How many invocations were retries (<see cref="EventSourceMappingInvocation.RetryAttempt"/> above 0).</summary>
    public int Retries => Invocations.Count(i => i.RetryAttempt > 0);

    /// <summary>
    /// How many times a record reached the function again after its first delivery: retries and the halves of a
    /// bisected batch (which Lambda does not count as retries, so <see cref="Retries"/> can be 0 when this is not).
    /// </summary>
    public int Redeliveries =>
        Invocations.Sum(i => i.Event.Records.Count) - Invocations.SelectMany(i => i.SequenceNumbers).Distinct(StringComparer.Ordinal).Count();

    /// <summary>How many invocations threw (function errors).</summary>
    public int FunctionErrors => Invocations.Count(i => i.Error is not null);

    /// <summary>The records the function reported handled, in the order the mapping moved past them.</summary>
    public IReadOnlyList<KinesisEventRecord> SucceededRecords { get; }

    /// <summary>What went to the on-failure destination, in order.</summary>
    public IReadOnlyList<OnFailureBatch> OnFailure { get; }

    /// <summary>Every record given up, in order.</summary>
    public IReadOnlyList<KinesisEventRecord> GivenUpRecords => [.. OnFailure.SelectMany(b => b.Records)];

    /// <summary>Whether every record was handled and none given up.</summary>
    public bool AllSucceeded => OnFailure.Count == 0;
}
