using Microsoft.Extensions.Logging;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.Neptune;
using Neptune.Streams.Pump.State;

namespace Neptune.Streams.Pump.Pumping;

public sealed partial class StreamPump
{
    /// <summary>The state of one run: position, lease, current limit.</summary>
    private sealed class PumpRun(StreamPump pump, PumpRunSummary summary, PumpLease lease)
    {
        private const int MaxLimit = 100_000;
        private int _limit = pump._options.Limit;
        private StreamPosition? _position;
        private PumpStartPosition? _start;
        private StreamPosition? _gapFrom;
        private bool _gapPending;

        public PumpLease Lease { get; private set; } = lease;

        public async Task<PumpStopReason> LoopAsync(CancellationToken stopReading, CancellationToken hardStop)
        {
            PumpOptions options = pump._options;
            _position = await pump._state.GetPositionAsync(options.PumpId, stopReading).ConfigureAwait(false);
            _start = _position is null ? options.StartPosition : null;
            if (_start == PumpStartPosition.Snapshot)
            {
                // No position yet: the snapshot (or its remainder after a restart) comes first; it saves P when done.
                var snapshot = await pump._snapshot.RunAsync(summary, () => Lease, RenewIfDueAsync, stopReading, hardStop).ConfigureAwait(false);
                if (snapshot.Stop is { } stop)
                {
                    return stop;
                }

                _position = snapshot.Position;
                _start = _position is null ? PumpStartPosition.TrimHorizon : null;
            }

            summary.Position = _position;
            while (true)
            {
                stopReading.ThrowIfCancellationRequested();
                if (!await RenewIfDueAsync(stopReading).ConfigureAwait(false))
                {
                    return PumpStopReason.LeaseLost;
                }

                // Its records' JSON lies in pooled bytes: done with once forwarded, handed back at the end of the turn.
                using StreamPage page = await ReadAsync(stopReading).ConfigureAwait(false);
                switch (page.Outcome)
                {
                    case StreamReadOutcome.Records when page.Records.Count == 0:
                        await Task.Delay(options.PollInterval, pump._timeProvider, stopReading).ConfigureAwait(false);
                        break;
                    case StreamReadOutcome.Records:
                        if (await ForwardAsync(page, stopReading, hardStop).ConfigureAwait(false) is { } stop)
                        {
                            return stop;
                        }

                        break;
                    case StreamReadOutcome.CaughtUp when options.StopWhenCaughtUp:
                        return PumpStopReason.CaughtUp;
                    case StreamReadOutcome.CaughtUp:
                        await Task.Delay(options.PollInterval, pump._timeProvider, stopReading).ConfigureAwait(false);
                        break;
                    case StreamReadOutcome.Expired:
                        summary.StreamExpirations++;
                        pump._metrics.Expired();
                        LogExpired(pump._logger, options.PumpId, _position?.ToString() ?? "start", options.ExpiredRecovery);
                        _gapFrom = _position;
                        _gapPending = true;
                        _start = options.ExpiredRecovery;
                        break;
                    case StreamReadOutcome.MemoryLimit:
                        summary.ThrottledReads++;
                        pump._metrics.Throttled();
                        _limit = Math.Max(1, _limit / 2);
                        LogMemoryLimit(pump._logger, _limit);
                        break;
                    default:
                        summary.Error = $"{page.ErrorCode}: {page.ErrorMessage}";
                        LogRefused(pump._logger, page.ErrorCode, page.ErrorMessage);
                        return page.Outcome switch
                        {
                            StreamReadOutcome.StreamsDisabled => PumpStopReason.StreamsDisabled,
                            StreamReadOutcome.AccessDenied => PumpStopReason.AccessDenied,
                            _ => PumpStopReason.InvalidRequest,
                        };
                }
            }
        }

        private async Task<StreamPage> ReadAsync(CancellationToken cancellationToken)
        {
            StreamIterator iterator = _start switch
            {
                PumpStartPosition.TrimHorizon => StreamIterator.TrimHorizon,
                PumpStartPosition.Latest => StreamIterator.Latest,
                _ => StreamIterator.AfterSequenceNumber,
            };
            return await pump._pipeline.ExecuteAsync(async token =>
            {
                StreamPage page = await pump._stream.ReadAsync(iterator, _position ?? default, _limit, token).ConfigureAwait(false);
                if (page.Outcome == StreamReadOutcome.Throttled)
                {
                    summary.ThrottledReads++;
                    pump._metrics.Throttled();
                    throw new TransientStreamException($"{page.ErrorCode}: {page.ErrorMessage}");
                }

                return page;
            }, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Forwards the page's whole commits and saves the position; returns why the run must stop, or null to go on.</summary>
        private async Task<PumpStopReason?> ForwardAsync(StreamPage page, CancellationToken stopReading, CancellationToken cancellationToken)
        {
            IReadOnlyList<StreamRecord> records = page.Records;
            if (records.Count == 0)
            {
                return null;
            }

            if (_gapPending)
            {
                string resumedAt = $"{records[0].CommitNum}:{records[0].OpNum}";
                LogGap(pump._logger, pump._options.PumpId, _gapFrom?.ToString() ?? "start", _start == PumpStartPosition.Latest ? resumedAt + " (and up to it, LATEST)" : resumedAt);
                _gapPending = false;
                _gapFrom = null;
            }

            if (_start == PumpStartPosition.Latest)
            {
                // LATEST returns the newest record only: start after it, so only later commits are forwarded.
                return await MoveAsync(new StreamPosition(records[^1].CommitNum, records[^1].OpNum), cancellationToken).ConfigureAwait(false)
                    ? null
                    : PumpStopReason.LeaseLost;
            }

            bool mayCutTransaction = _limit >= MaxLimit || records.Count < _limit;
            List<ElementChange> changes = CommitGrouper.Group(records, mayCutTransaction, out int consumed);
            if (consumed == 0)
            {
                // One transaction is larger than the page: read more at once rather than split it.
                _limit = Math.Min(MaxLimit, _limit * 2);
                return null;
            }

            var entries = new List<KinesisPutEntry>(changes.Count);
            for (int index = 0; index < changes.Count; index++)
            {
                ElementChange change = changes[index];
                ElementLabels? labels;
                try
                {
                    // Nothing is written yet: running out of reading time here abandons the page, to be read again.
                    labels = await pump._labels.ResolveAsync(changes, index, stopReading).ConfigureAwait(false);
                }
                catch (LabelLookUpException ex)
                {
                    summary.Error = ex.Message;
                    LogLabelsUnavailable(pump._logger, ex, pump._options.PumpId);
                    return PumpStopReason.LabelsUnavailable;
                }

                if (!change.IsRdf && labels is not { Labels.Count: > 0 })
                {
                    summary.ChangesUnlabelled++;
                    pump._metrics.Unlabelled();
                    LogUnlabelled(pump._logger, pump._options.PumpId, change.IsEdge ? "edge" : "vertex", change.ElementId, change.CommitNum);
                }

                string partitionKey = PartitionKeys.For(change.ElementId);
                int room = KinesisBatchWriter.MaxBytesPerRecord - System.Text.Encoding.UTF8.GetByteCount(partitionKey);
                if (!EnvelopeWriter.TryWrite(change, labels, room, out List<byte[]> envelopes, out string? tooLarge))
                {
                    await DeadLetterAsync(change, labels, tooLarge!, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                foreach (byte[] envelope in envelopes)
                {
                    entries.Add(new KinesisPutEntry(partitionKey, envelope));
                }
            }

            if (!await WriteWithinLeaseAsync(entries, cancellationToken).ConfigureAwait(false))
            {
                return PumpStopReason.LeaseLost;
            }

            StreamRecord last = records[consumed - 1];
            if (!await MoveAsync(new StreamPosition(last.CommitNum, last.OpNum), cancellationToken).ConfigureAwait(false))
            {
                return PumpStopReason.LeaseLost;
            }

            pump._metrics.Forwarded(consumed, entries.Count, page.LastTrxTimestamp);
            summary.RecordsForwarded += consumed;
            summary.KinesisRecordsWritten += entries.Count;
            summary.CommitsForwarded += changes.Select(c => c.CommitNum).Distinct().Count();
            if (_limit > pump._options.Limit && consumed == records.Count)
            {
                _limit = pump._options.Limit;
            }

            return null;
        }

        /// <summary>
        /// Sends a change too large for a Kinesis record to the pump's dead-letter queue (before the page is written, so
        /// the position never passes a change that is neither forwarded nor dead-lettered); without a queue the run
        /// stops on it, naming the record.
        /// </summary>
        private async Task DeadLetterAsync(ElementChange change, ElementLabels? labels, string reason, CancellationToken cancellationToken)
        {
            if (pump._deadLetters is null)
            {
                throw new InvalidDataException(reason + " Configure the pump's dead-letter queue to set such changes aside and move on.");
            }

            byte[] whole = EnvelopeWriter.WriteWhole(change, labels);
            await pump._deadLetters.SendOversizedAsync(pump._options.PumpId, pump._options.KinesisStreamName, change, reason, whole, cancellationToken).ConfigureAwait(false);
            summary.ChangesDeadLettered++;
            pump._metrics.DeadLettered();
            LogDeadLettered(pump._logger, pump._options.PumpId, change.CommitNum, change.Records[0].OpNum, change.Records[^1].OpNum, whole.Length);
        }

        /// <summary>
        /// Renews the lease, then writes within its remaining time less <see cref="PumpOptions.LeaseSafetyMargin"/>: a
        /// write (and its retries) still running then is cancelled, so nothing of this pump lands after another pump may
        /// have taken the lease. False when the lease is lost or ran out; the position is not saved then.
        /// </summary>
        private async Task<bool> WriteWithinLeaseAsync(List<KinesisPutEntry> entries, CancellationToken cancellationToken)
        {
            PumpLease? renewed = await pump._state.RenewLeaseAsync(Lease, pump._options.LeaseDuration, cancellationToken).ConfigureAwait(false);
            if (renewed is null)
            {
                LogLeaseLost(pump._logger, pump._options.PumpId);
                return false;
            }

            Lease = renewed;
            TimeSpan budget = Lease.ExpiresAt - pump._options.LeaseSafetyMargin - pump._timeProvider.GetUtcNow();
            if (budget <= TimeSpan.Zero)
            {
                LogLeaseRanOut(pump._logger, pump._options.PumpId);
                return false;
            }

            using var leaseLeft = new CancellationTokenSource(budget, pump._timeProvider);
            using var writing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, leaseLeft.Token);
            try
            {
                await pump._writer.WriteAsync(entries, writing.Token).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException) when (leaseLeft.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                LogLeaseRanOut(pump._logger, pump._options.PumpId);
                return false;
            }
        }

        private async Task<bool> MoveAsync(StreamPosition position, CancellationToken cancellationToken)
        {
            // A transient DynamoDB error (a 5xx, throttling, a conflicting concurrent write) is retried like every other
            // call of the run; a failed lease condition comes back as false.
            PumpLease lease = Lease;
            if (!await pump._pipeline.ExecuteAsync(
                async token => await pump._state.SavePositionAsync(lease, position, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false))
            {
                LogLeaseLost(pump._logger, pump._options.PumpId);
                return false;
            }

            _position = position;
            _start = null;
            summary.Position = position;
            return true;
        }

        private async Task<bool> RenewIfDueAsync(CancellationToken cancellationToken)
        {
            TimeSpan duration = pump._options.LeaseDuration;
            if (pump._timeProvider.GetUtcNow() < Lease.ExpiresAt - (duration / 2))
            {
                return true;
            }

            PumpLease? renewed = await pump._state.RenewLeaseAsync(Lease, duration, cancellationToken).ConfigureAwait(false);
            if (renewed is null)
            {
                LogLeaseLost(pump._logger, pump._options.PumpId);
                return false;
            }

            Lease = renewed;
            return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, EventName = "NeptuneStreamExpired",
        Message = "Position {Position} of {PumpId} fell out of Neptune's stream retention (ExpiredStreamException); resuming at {Recovery}. Changes in between are lost.")]
    private static partial void LogExpired(ILogger logger, string pumpId, string position, PumpStartPosition recovery);

    [LoggerMessage(Level = LogLevel.Error, EventName = "NeptuneStreamGap",
        Message = "Gap in {PumpId}: changes after {From} and before {ResumedAt} were never forwarded.")]
    private static partial void LogGap(ILogger logger, string pumpId, string from, string resumedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Neptune ran out of memory for the page (MemoryLimitExceededException); limit now {Limit}.")]
    private static partial void LogMemoryLimit(ILogger logger, int limit);

    [LoggerMessage(Level = LogLevel.Error, Message = "Neptune refused the stream request: {Code}: {Message}")]
    private static partial void LogRefused(ILogger logger, string? code, string? message);

    [LoggerMessage(Level = LogLevel.Error, EventName = "PumpLabelsUnavailable",
        Message = "The pump of {PumpId} stopped: labels could not be looked up; its position was not moved and the next run tries again.")]
    private static partial void LogLabelsUnavailable(ILogger logger, Exception exception, string pumpId);

    [LoggerMessage(Level = LogLevel.Warning, EventName = "PumpChangeUnlabelled",
        Message = "{PumpId} forwards the change of {ElementKind} {ElementId} (commit {CommitNum}) marked labelsUnknown: the element was gone when its labels were looked up and no later record of the page named them.")]
    private static partial void LogUnlabelled(ILogger logger, string pumpId, string elementKind, string elementId, long commitNum);

    [LoggerMessage(Level = LogLevel.Error, EventName = "PumpChangeDeadLettered",
        Message = "An element change of {PumpId} too large for a Kinesis record (commit {CommitNum}, ops {FirstOpNum}-{LastOpNum}, {Bytes} bytes) went to the pump's dead-letter queue.")]
    private static partial void LogDeadLettered(ILogger logger, string pumpId, long commitNum, long firstOpNum, long lastOpNum, int bytes);

    [LoggerMessage(Level = LogLevel.Warning, EventName = "PumpLeaseRanOut",
        Message = "The lease of {PumpId} ran out (less the safety margin) while a page was written; this pump stops writing and the page is forwarded again from the stored position.")]
    private static partial void LogLeaseRanOut(ILogger logger, string pumpId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lease of {PumpId} was lost; this pump stops writing.")]
    private static partial void LogLeaseLost(ILogger logger, string pumpId);
}
