using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.Processing;

/// <summary>What one batch amounted to: counts for metrics and logs.</summary>
internal sealed class BatchSummary(TimeProvider timeProvider)
{
    // The wall clock is read once per batch; times in it come from the monotonic clock since. Reading the wall clock is
    // a call into the runtime's native code per read, the monotonic clock a cheap one, and the lag metrics are read
    // per record and per event.
    private readonly DateTimeOffset _startedUtc = timeProvider.GetUtcNow();
    private readonly long _started = timeProvider.GetTimestamp();

    /// <summary>Kinesis records in the batch.</summary>
    public int Records { get; internal set; }

    /// <summary>Kinesis records fully handled (events dispatched or dead-lettered).</summary>
    public int RecordsProcessed { get; internal set; }

    /// <summary>Neptune change records parsed.</summary>
    public int ChangeRecords { get; internal set; }

    /// <summary>Graph events handed to handlers.</summary>
    public int EventsDispatched { get; internal set; }

    /// <summary>Handler calls that failed (before or after retries).</summary>
    public int Errors { get; internal set; }

    /// <summary>Handler retries.</summary>
    public int Retries { get; internal set; }

    /// <summary>
    /// Events a handler failed permanently (<see cref="Handlers.PermanentHandlerException"/>) that went to the
    /// dead-letter sink with their Kinesis records while the batch went on.
    /// </summary>
    public int EventsDeadLettered { get; internal set; }

    /// <summary>Records that could not be decoded or parsed.</summary>
    public int PoisonRecords { get; internal set; }

    /// <summary>
    /// Records skipped because an earlier delivery already handled them (per the checkpoint): whole Kinesis records,
    /// and the KPL sub-records and Neptune change records of a record that was handled in part.
    /// </summary>
    public int DuplicatesSkipped { get; internal set; }

    /// <summary>
    /// Properties that a typed handler could bind to no member of its type, counted per event and handler (their
    /// values did not reach the handler).
    /// </summary>
    public int UnboundProperties { get; internal set; }

    /// <summary>Events dispatched with <see cref="GraphEvent.LabelsUnknown"/>: only handlers for any label got them.</summary>
    public int UnlabelledEvents { get; internal set; }

    /// <summary>Checkpoint writes that reached the store.</summary>
    public int CheckpointWrites { get; internal set; }

    /// <summary>Checkpoint reads and writes that failed after retries (the batch result stays correct).</summary>
    public int CheckpointFailures { get; internal set; }

    /// <summary>The largest time from Neptune commit to handling in this batch, when commit timestamps were known.</summary>
    public TimeSpan? MaxStreamLag { get; internal set; }

    /// <summary>The largest time from Kinesis arrival to handling in this batch, when arrival timestamps were known.</summary>
    public TimeSpan? MaxKinesisLag { get; internal set; }

    /// <summary>Graph events dispatched, indexed by <see cref="GraphEventKind"/>.</summary>
    internal int[] EventsByKind { get; } = new int[(int)GraphEventKind.TripleRemoved + 1];

    /// <summary>Each handler call's duration in milliseconds, by handler class name.</summary>
    internal Dictionary<string, List<double>> HandlerLatenciesByName { get; } = new(StringComparer.Ordinal);

    /// <summary>The monotonic clock's reading (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    internal long Timestamp() => timeProvider.GetTimestamp();

    /// <summary>The wall-clock time of a monotonic reading taken during the batch.</summary>
    internal DateTimeOffset UtcAt(long timestamp) => _startedUtc + timeProvider.GetElapsedTime(_started, timestamp);

    /// <summary>The time between two monotonic readings.</summary>
    internal TimeSpan Between(long started, long ended) => timeProvider.GetElapsedTime(started, ended);

    internal void NoteKinesisArrival(double approximateArrivalSeconds, long timestamp)
    {
        // Only a time Kinesis could have written: a hostile or broken value must not overflow into a crash.
        if (!(approximateArrivalSeconds > 0 && approximateArrivalSeconds < 253402300799))
        {
            return;
        }

        TimeSpan lag = UtcAt(timestamp) - DateTimeOffset.FromUnixTimeMilliseconds((long)(approximateArrivalSeconds * 1000));
        if (MaxKinesisLag is null || lag > MaxKinesisLag)
        {
            MaxKinesisLag = lag;
        }
    }

    internal void NoteDispatched(GraphEvent graphEvent, long timestamp)
    {
        EventsDispatched++;
        EventsByKind[(int)graphEvent.Kind]++;
        if (graphEvent.CommitTimestamp is { } committed)
        {
            TimeSpan lag = UtcAt(timestamp) - committed;
            if (MaxStreamLag is null || lag > MaxStreamLag)
            {
                MaxStreamLag = lag;
            }
        }
    }

    /// <summary>The call times, in milliseconds, of the handler named <paramref name="handler"/> in this batch.</summary>
    internal List<double> HandlerLatencies(string handler)
    {
        if (!HandlerLatenciesByName.TryGetValue(handler, out var values))
        {
            values = [];
            HandlerLatenciesByName[handler] = values;
        }

        return values;
    }

    /// <summary>The time between two monotonic readings, in milliseconds as the metrics report it.</summary>
    internal double Milliseconds(long started, long ended) => Metrics.BatchMetricsPublisher.Milliseconds(Between(started, ended));

    /// <summary>The sequence number Lambda must retry from, or null when the batch succeeded.</summary>
    public string? FailedSequenceNumber { get; internal set; }
}
