using Neptune.Streams.Lambda.Kinesis;
using Neptune.Streams.Pump.Kinesis;

namespace Neptune.Streams.Local.EventSourceMapping;

/// <summary>
/// Invokes the function with one batch of one shard lane and applies Lambda's failure semantics until the batch is
/// done: <c>ReportBatchItemFailures</c> (resume from the lowest reported sequence number; empty = success; an unknown or
/// empty identifier = the whole batch failed), <c>BisectBatchOnFunctionError</c> (halves retried in order; splitting does
/// not count as a retry), <c>MaximumRetryAttempts</c>, <c>MaximumRecordAgeInSeconds</c> and the on-failure destination.
/// </summary>
internal sealed class BatchInvoker
{
    private readonly KinesisFunction _function;
    private readonly EventSourceMappingOptions _options;
    private readonly EventSourceMappingStats _stats;
    private readonly TimeProvider _timeProvider;
    private readonly string _shardId;
    private readonly string _streamArn;

    public BatchInvoker(KinesisFunction function, EventSourceMappingOptions options, EventSourceMappingStats stats, TimeProvider timeProvider, string shardId, string streamArn)
    {
        _function = function;
        _options = options;
        _stats = stats;
        _timeProvider = timeProvider;
        _shardId = shardId;
        _streamArn = streamArn;
    }

    public async Task ProcessAsync(List<KinesisRecord> records, CancellationToken cancellationToken)
    {
        // Each pending batch carries how often it has been retried; the head is always the oldest records.
        var pending = new LinkedList<(List<KinesisRecord> Records, int Retries)>();
        pending.AddFirst((records, 0));
        while (pending.First is { } head)
        {
            (List<KinesisRecord> batch, int retries) = head.Value;
            batch = await DropTooOldAsync(batch, retries, cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                pending.RemoveFirst();
                continue;
            }

            _stats.Invoked();
            StreamsEventResponse? response;
            try
            {
                KinesisEvent kinesisEvent = KinesisEventFactory.Create(batch, _shardId, _streamArn, _options);
                response = await _function(kinesisEvent, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                _stats.FunctionError();
                pending.RemoveFirst();
                if (_options.BisectBatchOnFunctionError && batch.Count > 1)
                {
                    int half = batch.Count / 2;
                    pending.AddFirst((batch[half..], retries));
                    pending.AddFirst((batch[..half], retries));
                    continue;
                }

                await RetryOrGiveUpAsync(pending, batch, retries, "Unhandled", cancellationToken).ConfigureAwait(false);
                continue;
            }

            IList<BatchItemFailure>? failures = _options.ReportBatchItemFailures ? response?.BatchItemFailures : null;
            if (failures is not { Count: > 0 })
            {
                _stats.Succeeded(batch.Count);
                pending.RemoveFirst();
                continue;
            }

            _stats.PartialFailure();
            int from = LowestFailure(batch, failures);
            _stats.Succeeded(from);
            pending.RemoveFirst();
            await RetryOrGiveUpAsync(pending, batch[from..], retries, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The index to resume from; 0 (the whole batch) when an identifier is empty or not in the batch.</summary>
    internal static int LowestFailure(List<KinesisRecord> batch, IList<BatchItemFailure> failures)
    {
        int lowest = int.MaxValue;
        foreach (BatchItemFailure failure in failures)
        {
            int index = string.IsNullOrEmpty(failure?.ItemIdentifier) ? -1 : batch.FindIndex(r => r.SequenceNumber == failure.ItemIdentifier);
            if (index < 0)
            {
                return 0;
            }

            lowest = Math.Min(lowest, index);
        }

        return lowest;
    }

    private async Task RetryOrGiveUpAsync(
        LinkedList<(List<KinesisRecord> Records, int Retries)> pending, List<KinesisRecord> batch, int retries, string? functionError, CancellationToken cancellationToken)
    {
        if (_options.MaximumRetryAttempts >= 0 && retries >= _options.MaximumRetryAttempts)
        {
            await GiveUpAsync(batch, OnFailureCondition.RetryAttemptsExhausted, retries + 1, functionError, cancellationToken).ConfigureAwait(false);
            return;
        }

        pending.AddFirst((batch, retries + 1));
        if (_options.RetryDelay > TimeSpan.Zero)
        {
            await Task.Delay(_options.RetryDelay, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<List<KinesisRecord>> DropTooOldAsync(List<KinesisRecord> batch, int retries, CancellationToken cancellationToken)
    {
        if (_options.MaximumRecordAge is not { } maxAge)
        {
            return batch;
        }

        DateTimeOffset now = _timeProvider.GetUtcNow();
        int old = 0;
        while (old < batch.Count && now - batch[old].ApproximateArrivalTimestamp > maxAge)
        {
            old++;
        }

        if (old == 0)
        {
            return batch;
        }

        await GiveUpAsync(batch[..old], OnFailureCondition.RecordAgeExceeded, retries, null, cancellationToken).ConfigureAwait(false);
        return batch[old..];
    }

    private async Task GiveUpAsync(List<KinesisRecord> records, OnFailureCondition condition, int invocations, string? functionError, CancellationToken cancellationToken)
    {
        _stats.GaveUp(records.Count);
        if (_options.OnFailure is null)
        {
            return;
        }

        await _options.OnFailure(new OnFailureRecord
        {
            FunctionArn = _options.FunctionArn,
            Condition = condition,
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
