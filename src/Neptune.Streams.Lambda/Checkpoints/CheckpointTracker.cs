using Microsoft.Extensions.Logging;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Kinesis;
using Neptune.Streams.Lambda.Processing;

namespace Neptune.Streams.Lambda.Checkpoints;

/// <summary>
/// The checkpoint side of one batch: reads the stored checkpoints once at the start, answers "was this handled
/// already?", follows how far the batch got, and writes that position (at intervals, and once at the end). A store
/// that fails never changes the batch's result: the failure is logged and counted, and the next delivery is
/// deduplicated as far as the stored checkpoint allows.
/// </summary>
internal sealed partial class CheckpointTracker(
    ICheckpointStore store, CheckpointOptions options, TimeSpan finalWriteTimeout, TimeProvider timeProvider, ILogger logger, BatchSummary summary)
{
    private readonly Dictionary<CheckpointKey, KeyState> _states = [];
    private readonly Dictionary<string, CheckpointKey> _keyBySequence = new(StringComparer.Ordinal);
    private int _recordsSinceWrite;
    private long _lastWrite;

    /// <summary>Reads the checkpoints of every key in the batch: one consistent read in scope <see cref="CheckpointScope.Shard"/>.</summary>
    public async Task LoadAsync(KinesisBatch records, string functionName, CancellationToken cancellationToken)
    {
        _lastWrite = timeProvider.GetTimestamp();
        bool byPartitionKey = options.Scope == CheckpointScope.PartitionKey;
        for (int i = 0; i < records.Count; i++)
        {
            // The key only when checkpoints are kept per key (else it is made when the record loop reaches the record).
            KinesisRecordEntry record = byPartitionKey ? records[i] : records.WithoutPartitionKey(i);

            // A record without a valid sequence number cannot be placed, so it is never skipped nor checkpointed.
            if (!SequenceNumber.IsValid(record.SequenceNumber))
            {
                continue;
            }

            var key = new CheckpointKey(
                functionName,
                record.EventSourceArn ?? "unknown-stream",
                record.ShardId,
                byPartitionKey ? record.PartitionKey : null);
            _keyBySequence[record.SequenceNumber] = key;
            if (!_states.ContainsKey(key))
            {
                _states[key] = new KeyState();
            }
        }

        if (_states.Count == 0)
        {
            return;
        }

        try
        {
            if (_states.Count == 1)
            {
                var (key, state) = _states.First();
                state.Stored = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var found = await store.GetManyAsync(_states.Keys, cancellationToken).ConfigureAwait(false);
                foreach (var (key, checkpoint) in found)
                {
                    if (_states.TryGetValue(key, out KeyState? state))
                    {
                        state.Stored = checkpoint;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Without the checkpoint the batch is handled in full: duplicates, never losses.
            summary.CheckpointFailures++;
            LogReadFailed(ex, _states.Keys.First().ToString());
        }
    }

    /// <summary>True when the position was handled by an earlier delivery.</summary>
    /// <param name="sequenceNumber">The Kinesis record.</param>
    /// <param name="subSequenceNumber">Its sub-record (-1 when not aggregated), or null for the whole record.</param>
    /// <param name="eventId">The Neptune event within it, or null for the whole (sub-)record.</param>
    public bool Covers(string sequenceNumber, int? subSequenceNumber, NeptuneEventId? eventId) =>
        _keyBySequence.TryGetValue(sequenceNumber, out CheckpointKey key)
        && _states[key].Stored?.Covers(sequenceNumber, subSequenceNumber, eventId) == true;

    /// <summary>Notes that everything up to this position is handled.</summary>
    public void MarkHandled(string sequenceNumber, int? subSequenceNumber, NeptuneEventId? eventId)
    {
        if (!_keyBySequence.TryGetValue(sequenceNumber, out CheckpointKey key))
        {
            return;
        }

        KeyState state = _states[key];
        var checkpoint = new Checkpoint(sequenceNumber, subSequenceNumber, eventId, timeProvider.GetUtcNow());
        if (state.Handled is null || checkpoint.ComparePosition(state.Handled) > 0)
        {
            state.Handled = checkpoint;
        }
    }

    /// <summary>Notes that a whole Kinesis record is handled.</summary>
    public void MarkRecordHandled(string sequenceNumber)
    {
        MarkHandled(sequenceNumber, null, null);
        _recordsSinceWrite++;
    }

    /// <summary>Writes the checkpoint when a configured interval (records or time) has passed.</summary>
    public Task WriteIfDueAsync(CancellationToken cancellationToken)
    {
        bool due = (options.RecordInterval > 0 && _recordsSinceWrite >= options.RecordInterval)
            || (options.TimeInterval > TimeSpan.Zero && timeProvider.GetElapsedTime(_lastWrite) >= options.TimeInterval);
        return due && !cancellationToken.IsCancellationRequested ? WriteAsync(cancellationToken) : Task.CompletedTask;
    }

    /// <summary>
    /// The batch's last write. It runs even when the batch was stopped near the deadline, because the position reached
    /// is exactly what the next delivery needs, but it ends before the response is due: a write that pushed the
    /// response past the deadline would turn a partial-batch response into a timeout and redeliver the whole batch.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        using CancellationTokenSource? due = InvocationDeadline.BeforeResponseDue(timeProvider);
        if (due is not null)
        {
            await WriteAsync(due.Token).ConfigureAwait(false);
            return;
        }

        if (!cancellationToken.IsCancellationRequested)
        {
            await WriteAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        using var bounded = new CancellationTokenSource(finalWriteTimeout > TimeSpan.Zero ? finalWriteTimeout : TimeSpan.FromSeconds(1), timeProvider);
        await WriteAsync(bounded.Token).ConfigureAwait(false);
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        _recordsSinceWrite = 0;
        _lastWrite = timeProvider.GetTimestamp();
        foreach (var (key, state) in _states)
        {
            if (state.Handled is not { } handled || (state.Stored is { } stored && stored.ComparePosition(handled) >= 0))
            {
                continue;
            }

            try
            {
                CheckpointWriteOutcome outcome = await store.AdvanceAsync(key, handled, cancellationToken).ConfigureAwait(false);
                summary.CheckpointWrites++;
                if (outcome == CheckpointWriteOutcome.AlreadyAtOrBeyond)
                {
                    LogAlreadyBeyond(key, handled);
                }

                state.Stored = handled;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                summary.CheckpointFailures++;
                LogWriteFailed(ex, key.ToString(), handled.ToString());
            }
        }
    }

    private sealed class KeyState
    {
        public Checkpoint? Stored { get; set; }

        public Checkpoint? Handled { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The checkpoint of {CheckpointKey} could not be read; the batch is handled in full (duplicates possible)")]
    private partial void LogReadFailed(Exception exception, string checkpointKey);

    [LoggerMessage(Level = LogLevel.Error, Message = "The checkpoint of {CheckpointKey} could not be advanced to {Position}; the next delivery may handle records again")]
    private partial void LogWriteFailed(Exception exception, string checkpointKey, string position);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The checkpoint of {CheckpointKey} was already at or beyond {Position}")]
    private partial void LogAlreadyBeyond(CheckpointKey checkpointKey, Checkpoint position);
}
