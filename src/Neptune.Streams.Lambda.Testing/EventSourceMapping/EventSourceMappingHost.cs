using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Lambda.Testing;

/// <summary>
/// Runs a function over Kinesis records as Lambda's Kinesis event source mapping does, in process and in order: each
/// shard's records in batches of <see cref="EventSourceMappingHostOptions.BatchSize"/>, one batch at a time; a partial
/// batch response retries from the first failed record, a thrown exception bisects the batch, a batch that keeps
/// failing is retried <see cref="EventSourceMappingHostOptions.MaximumRetryAttempts"/> times and then sent to the
/// on-failure destination, and the mapping moves on. The <see cref="EventSourceMappingResult"/> says what happened.
/// </summary>
/// <remarks>One lane per shard (<c>ParallelizationFactor</c> 1, as in the template); retries are not delayed.</remarks>
public sealed class EventSourceMappingHost
{
    private readonly Func<KinesisEvent, CancellationToken, Task<StreamsEventResponse>> _function;
    private readonly EventSourceMappingHostOptions _options;

    /// <summary>A host that invokes <paramref name="function"/> as Lambda does: each batch as its JSON bytes, through the function's invocation path.</summary>
    /// <param name="function">The function under test.</param>
    /// <param name="options">The mapping's settings; the template's when null.</param>
    public static EventSourceMappingHost For(NeptuneStreamFunction function, EventSourceMappingHostOptions? options = null) =>
        new(ProcessWith(function), options);

    /// <summary>A host that invokes <paramref name="function"/>; throwing from it is a function error.</summary>
    /// <param name="function">Takes a batch and returns the partial-batch response.</param>
    /// <param name="options">The mapping's settings; the template's when null.</param>
    public EventSourceMappingHost(Func<KinesisEvent, CancellationToken, Task<StreamsEventResponse>> function, EventSourceMappingHostOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        _function = function;
        _options = options ?? new EventSourceMappingHostOptions();
    }

    /// <summary>Runs the function over <paramref name="records"/>: shard by shard, in the order given.</summary>
    /// <param name="records">The records (their <c>eventID</c> names the shard), for example <see cref="KinesisEventBuilder.BuildRecords"/>.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public async Task<EventSourceMappingResult> RunAsync(IEnumerable<KinesisEventRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var recorder = new Recorder();
        var settings = new BatchRetrySettings(
            _options.ReportBatchItemFailures, _options.BisectBatchOnFunctionError, _options.MaximumRetryAttempts, _options.MaximumRecordAge, TimeSpan.Zero);
        var loop = new BatchRetryLoop<KinesisEventRecord>(
            settings, r => r.Kinesis.SequenceNumber, ArrivalOf, _options.TimeProvider);
        foreach (IGrouping<string, KinesisEventRecord> shard in records.GroupBy(r => r.ShardId))
        {
            foreach (KinesisEventRecord[] batch in shard.Chunk(_options.BatchSize))
            {
                await loop.ProcessAsync([.. batch], (b, ct) => InvokeAsync(recorder, b, ct), recorder, cancellationToken).ConfigureAwait(false);
            }
        }

        return new EventSourceMappingResult(recorder.Invocations, recorder.Handled, recorder.OnFailure);
    }

    private async Task<StreamsEventResponse?> InvokeAsync(Recorder recorder, List<KinesisEventRecord> batch, CancellationToken cancellationToken)
    {
        // Lambda serializes a new event per invocation: the function never sees objects a previous attempt changed.
        var kinesisEvent = new KinesisEvent { Records = [.. batch.Select(KinesisEventBuilder.Copy)] };
        var invocation = new EventSourceMappingInvocation(kinesisEvent, recorder.PendingRetries);
        recorder.Invocations.Add(invocation);
        try
        {
            StreamsEventResponse response = await _function(kinesisEvent, cancellationToken).ConfigureAwait(false);
            invocation.Response = response;
            return response;
        }
        catch (Exception ex)
        {
            invocation.Error = ex;
            throw;
        }
    }

    private static DateTimeOffset ArrivalOf(KinesisEventRecord record) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(record.Kinesis.ApproximateArrivalTimestamp * 1000, MidpointRounding.AwayFromZero));

    private static Func<KinesisEvent, CancellationToken, Task<StreamsEventResponse>> ProcessWith(NeptuneStreamFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return (e, ct) => PayloadInvocation.InvokeAsync(function, e, ct);
    }

    private sealed class Recorder : IBatchRetryListener<KinesisEventRecord>
    {
        public List<EventSourceMappingInvocation> Invocations { get; } = [];

        public List<KinesisEventRecord> Handled { get; } = [];

        public List<OnFailureBatch> OnFailure { get; } = [];

        public int PendingRetries { get; private set; }

        public void Invoking(IReadOnlyList<KinesisEventRecord> batch, int retries) => PendingRetries = retries;

        public void Succeeded(IReadOnlyList<KinesisEventRecord> batch, int count) => Handled.AddRange(batch.Take(count));

        public void FunctionError(Exception error)
        {
        }

        public void PartialFailure()
        {
        }

        public Task GiveUpAsync(
            IReadOnlyList<KinesisEventRecord> records, bool recordAgeExceeded, int invocations, string? functionError, CancellationToken cancellationToken)
        {
            OnFailure.Add(new OnFailureBatch(
                recordAgeExceeded ? OnFailureReason.RecordAgeExceeded : OnFailureReason.RetryAttemptsExhausted,
                invocations,
                functionError,
                records[0].ShardId,
                [.. records]));
            return Task.CompletedTask;
        }
    }
}
