namespace Neptune.Streams.Local.Pipeline;

/// <summary>What a <see cref="LocalPipeline"/> run did, end to end.</summary>
public sealed class LocalPipelineSummary
{
    /// <summary>Graph changes written (transactions).</summary>
    public int Mutations { get; init; }

    /// <summary>Neptune change records in the stream.</summary>
    public long StreamRecords { get; init; }

    /// <summary>Kinesis records the pump wrote (one per commit and element).</summary>
    public long KinesisRecords { get; init; }

    /// <summary>Function invocations.</summary>
    public long Invocations { get; init; }

    /// <summary>Kinesis records the function reported handled.</summary>
    public long RecordsSucceeded { get; init; }

    /// <summary>Invocations that threw.</summary>
    public long FunctionErrors { get; init; }

    /// <summary>Invocations that reported batch item failures.</summary>
    public long PartialFailures { get; init; }

    /// <summary>Kinesis records given up to the on-failure destination.</summary>
    public long RecordsSentToOnFailure { get; init; }

    /// <summary>True when everything written was handled (or given up) before the run ended.</summary>
    public bool Drained { get; init; }

    /// <summary>How long the run took.</summary>
    public TimeSpan Elapsed { get; init; }
}
