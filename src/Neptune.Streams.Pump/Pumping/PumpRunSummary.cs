using Neptune.Streams.Pump.Neptune;

namespace Neptune.Streams.Pump.Pumping;

/// <summary>What one <see cref="StreamPump.RunAsync"/> did.</summary>
public sealed class PumpRunSummary
{
    /// <summary>Why the run ended.</summary>
    public PumpStopReason StopReason { get; internal set; }

    /// <summary>Neptune change records forwarded.</summary>
    public long RecordsForwarded { get; internal set; }

    /// <summary>Kinesis records (envelopes) accepted by Kinesis.</summary>
    public long KinesisRecordsWritten { get; internal set; }

    /// <summary>Graph elements the snapshot phase wrote in this run.</summary>
    public long SnapshotElementsWritten { get; internal set; }

    /// <summary>Commits forwarded.</summary>
    public long CommitsForwarded { get; internal set; }

    /// <summary>Times the position had fallen out of Neptune's retention (<c>ExpiredStreamException</c>).</summary>
    public int StreamExpirations { get; internal set; }

    /// <summary>Element changes too large for a Kinesis record that went to the pump's dead-letter queue.</summary>
    public long ChangesDeadLettered { get; internal set; }

    /// <summary>Label look-ups sent to Neptune on a cache miss.</summary>
    public long LabelLookups { get; internal set; }

    /// <summary>Stream reads that were throttled or ran out of memory and were retried.</summary>
    public long ThrottledReads { get; internal set; }

    /// <summary>The position at the end of the run, or null when none was reached.</summary>
    public StreamPosition? Position { get; internal set; }

    /// <summary>The last error message from Neptune when the run stopped on one.</summary>
    public string? Error { get; internal set; }
}
