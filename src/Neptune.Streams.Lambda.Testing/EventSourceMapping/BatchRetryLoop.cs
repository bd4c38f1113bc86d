using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Lambda.Testing;

/// <summary>
/// Lambda's Kinesis event-source-mapping semantics for one batch, until it is done: <c>ReportBatchItemFailures</c>
/// (resume from the lowest reported sequence number; empty = success; an unknown or empty identifier = the whole batch
/// failed), <c>BisectBatchOnFunctionError</c> (halves retried in order; splitting does not count as a retry),
/// <c>MaximumRetryAttempts</c> and <c>MaximumRecordAgeInSeconds</c>. Shared by the test host and the local stack's
/// event source mapping, so both behave the same.
/// </summary>
/// <typeparam name="TRecord">The caller's record type.</typeparam>
internal sealed class BatchRetryLoop<TRecord>
{
    private readonly BatchRetrySettings _settings;
    private readonly Func<TRecord, string> _sequenceOf;
    private readonly Func<TRecord, DateTimeOffset> _arrivalOf;
    private readonly TimeProvider _timeProvider;

    public BatchRetryLoop(BatchRetrySettings settings, Func<TRecord, string> sequenceOf, Func<TRecord, DateTimeOffset> arrivalOf, TimeProvider timeProvider)
    {
        _settings = settings;
        _sequenceOf = sequenceOf;
        _arrivalOf = arrivalOf;
        _timeProvider = timeProvider;
    }

    /// <summary>Invokes <paramref name="invoke"/> with <paramref name="records"/> and retries, bisects or gives up until every record is done.</summary>
    public async Task ProcessAsync(
        List<TRecord> records,
        Func<List<TRecord>, CancellationToken, Task<StreamsEventResponse?>> invoke,
        IBatchRetryListener<TRecord> listener,
        CancellationToken cancellationToken)
    {
        // Each pending batch carries how often it has been retried; the head is always the oldest records.
        var pending = new LinkedList<(List<TRecord> Records, int Retries)>();
        pending.AddFirst((records, 0));
        while (pending.First is { } head)
        {
            (List<TRecord> batch, int retries) = head.Value;
            batch = await DropTooOldAsync(batch, retries, listener, cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                pending.RemoveFirst();
                continue;
            }

            listener.Invoking(batch, retries);
            StreamsEventResponse? response;
            try
            {
                response = await invoke(batch, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                listener.FunctionError(ex);
                pending.RemoveFirst();
                if (_settings.BisectBatchOnFunctionError && batch.Count > 1)
                {
                    int half = batch.Count / 2;
                    pending.AddFirst((batch[half..], retries));
                    pending.AddFirst((batch[..half], retries));
                    continue;
                }

                await RetryOrGiveUpAsync(pending, batch, retries, "Unhandled", listener, cancellationToken).ConfigureAwait(false);
                continue;
            }

            IList<BatchItemFailure>? failures = _settings.ReportBatchItemFailures ? response?.BatchItemFailures : null;
            if (failures is not { Count: > 0 })
            {
                listener.Succeeded(batch, batch.Count);
                pending.RemoveFirst();
                continue;
            }

            listener.PartialFailure();
            int from = LowestFailure(batch, failures);
            listener.Succeeded(batch, from);
            pending.RemoveFirst();
            await RetryOrGiveUpAsync(pending, batch[from..], retries, null, listener, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The index to resume from; 0 (the whole batch) when an identifier is empty or not in the batch.</summary>
    internal int LowestFailure(List<TRecord> batch, IList<BatchItemFailure> failures)
    {
        int lowest = int.MaxValue;
        foreach (BatchItemFailure failure in failures)
        {
            int index = string.IsNullOrEmpty(failure?.ItemIdentifier) ? -1 : batch.FindIndex(r => _sequenceOf(r) == failure.ItemIdentifier);
            if (index < 0)
            {
                return 0;
            }

            lowest = Math.Min(lowest, index);
        }

        return lowest;
    }

    private async Task RetryOrGiveUpAsync(
        LinkedList<(List<TRecord> Records, int Retries)> pending,
        List<TRecord> batch,
        int retries,
        string? functionError,
        IBatchRetryListener<TRecord> listener,
        CancellationToken cancellationToken)
    {
        if (_settings.MaximumRetryAttempts >= 0 && retries >= _settings.MaximumRetryAttempts)
        {
            await listener.GiveUpAsync(batch, recordAgeExceeded: false, retries + 1, functionError, cancellationToken).ConfigureAwait(false);
            return;
        }

        pending.AddFirst((batch, retries + 1));
        if (_settings.RetryDelay > TimeSpan.Zero)
        {
            await Task.Delay(_settings.RetryDelay, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<List<TRecord>> DropTooOldAsync(List<TRecord> batch, int retries, IBatchRetryListener<TRecord> listener, CancellationToken cancellationToken)
    {
        if (_settings.MaximumRecordAge is not { } maxAge)
        {
            return batch;
        }

        DateTimeOffset now = _timeProvider.GetUtcNow();
        int old = 0;
        while (old < batch.Count && now - _arrivalOf(batch[old]) > maxAge)
        {
            old++;
        }

        if (old == 0)
        {
            return batch;
        }

        await listener.GiveUpAsync(batch[..old], recordAgeExceeded: true, retries, null, cancellationToken).ConfigureAwait(false);
        return batch[old..];
    }
}
