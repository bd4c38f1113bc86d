using Neptune.Streams.Lambda.Kinesis;
using Neptune.Streams.Lambda.Testing;
using Neptune.Streams.Pump.Kinesis;

namespace Neptune.Streams.Local.EventSourceMapping;

/// <summary>
/// Invokes the function with one batch of one shard lane and applies Lambda's failure semantics until the batch is
/// done: the retry, bisect and record-age loop the test host of Neptune.Streams.Lambda.Testing runs too
/// (<see cref="BatchRetryLoop{TRecord}"/>), with this emulator's stats and on-failure destination.
/// </summary>
internal sealed class BatchInvoker : IBatchRetryListener<KinesisRecord>
{
    private readonly KinesisFunction _function;
    private readonly EventSourceMappingOptions _options;
    private readonly EventSourceMappingStats _stats;
    private readonly TimeProvider _timeProvider;
    private readonly string _shardId;
    private readonly string _streamArn;
    private readonly BatchRetryLoop<KinesisRecord> _loop;

    public BatchInvoker(KinesisFunction function, EventSourceMappingOptions options, EventSourceMappingStats stats, TimeProvider timeProvider, string shardId, string streamArn)
    {
        _function = function;
        _options = options;
        _stats = stats;
        _timeProvider = timeProvider;
        _shardId = shardId;
        _streamArn = streamArn;
        var settings = new BatchRetrySettings(
            options.ReportBatchItemFailures, options.BisectBatchOnFunctionError, options.MaximumRetryAttempts, options.MaximumRecordAge, options.RetryDelay);
        _loop = new BatchRetryLoop<KinesisRecord>(settings, r => r.SequenceNumber, r => r.ApproximateArrivalTimestamp, timeProvider);
    }

    public Task ProcessAsync(List<KinesisRecord> records, CancellationToken cancellationToken) =>
        _loop.ProcessAsync(records, InvokeAsync, this, cancellationToken);

    private async Task<StreamsEventResponse?> InvokeAsync(List<KinesisRecord> batch, CancellationToken cancellationToken)
    {
        KinesisEvent kinesisEvent = KinesisEventFactory.Create(batch, _shardId, _streamArn, _options);
        return await _function(kinesisEvent, cancellationToken).ConfigureAwait(false);
    }

    void IBatchRetryListener<KinesisRecord>.Invoking(IReadOnlyList<KinesisRecord> batch, int retries) => _stats.Invoked();

    void IBatchRetryListener<KinesisRecord>.Succeeded(IReadOnlyList<KinesisRecord> batch, int count) => _stats.Succeeded(count);

    void IBatchRetryListener<KinesisRecord>.FunctionError(Exception error) => _stats.FunctionError();

    void IBatchRetryListener<KinesisRecord>.PartialFailure() => _stats.PartialFailure();

    async Task IBatchRetryListener<KinesisRecord>.GiveUpAsync(
        IReadOnlyList<KinesisRecord> records, bool recordAgeExceeded, int invocations, string? functionError, CancellationToken cancellationToken)
    {
        _stats.GaveUp(records.Count);
        if (_options.OnFailure is null)
        {
            return;
        }

        await _options.OnFailure(new OnFailureRecord
        {
            FunctionArn = _options.FunctionArn,
            Condition = recordAgeExceeded ? OnFailureCondition.RecordAgeExceeded : OnFailureCondition.RetryAttemptsExhausted,
            ApproximateInvokeCount = invocations,
            FunctionError = functionError,
            Timestamp = _timeProvider.GetUtcNow(),
            ShardId = _shardId,
            StartSequenceNumber = records[0].SequenceNumber,
            EndSequenceNumber = records[^1].SequenceNumber,
            ApproximateArrivalOfFirstRecord = records[0].ApproximateArrivalTimestamp,
            ApproximateArrivalOfLastRecord = records[^1].ApproximateArrivalTimestamp,
            BatchSize = records.Count,
            StreamArn = _streamArn,
        }, cancellationToken).ConfigureAwait(false);
    }
}
