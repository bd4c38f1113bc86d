using Microsoft.Extensions.Logging;
using Neptune.Streams.Lambda.ChangeRecords;
using Neptune.Streams.Lambda.Checkpoints;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;
using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Lambda.Processing;

/// <summary>
/// Walks one batch's records in order: decode → parse → assemble → dispatch, skipping what the checkpoint covers.
/// It stops at the first event that still fails (and is not dead-lettered) and names the record Lambda must redeliver
/// from, so order is kept. Every record counts as failed until it has been handled. Never shared between invocations.
/// </summary>
internal sealed class RecordLoop(
    KinesisPayloadDecoder decoder,
    EventDispatcher dispatcher,
    DeadLetterWriter deadLetters,
    CheckpointTracker? checkpoints,
    PermanentFailurePolicy permanentFailures,
    bool keepEventSources,
    ILogger logger,
    BatchSummary summary,
    CancellationToken token)
{
    private readonly GraphEventAssembler _assembler = new(decoder.Options.MaxLabelsPerEvent, decoder.Options.MaxPropertiesPerEvent);
    private readonly List<ChangeRecord> _changes = [];
    private readonly List<ChangeRecord> _groupSource = [];
    private KinesisBatch? _records;
    private int _index;

    // The payload being parsed; a checkpoint inside it is only safe when its Neptune event ids strictly increase.
    private KinesisPosition _payload;
    private bool _payloadOrdered;

    // The open group's first Kinesis record, and the payload bytes being parsed: what to dead-letter if its event is poison.
    private int _groupRecord;
    private ReadOnlyMemory<byte> _payloadData;

    // _payloadData points into the decoder's pooled buffers, which the next record's decoding hands back: an event still
    // open then keeps a copy of the sub-record it started in, taken only in that case, into a buffer the batch reuses;
    // it is base64-encoded only if the event turns out poison.
    private KinesisPosition _keptPayload;
    private byte[] _keptPayloadBytes = [];
    private int _keptPayloadLength;

    public async Task RunAsync(KinesisBatch records)
    {
        _records = records;
        summary.Records = records.Count;

        // Records before this index are fully handled; the open group's records are not, until its event is.
        int firstUnfinished = 0;
        for (_index = 0; _index < records.Count; _index++)
        {
            KinesisRecordEntry record = records[_index];
            if (token.IsCancellationRequested)
            {
                Fail(_assembler.HasOpenGroup ? _assembler.FirstPosition.SequenceNumber : record.SequenceNumber);
                logger.StoppedAtDeadline(record.ShardId, summary.FailedSequenceNumber!);
                return;
            }

            if (checkpoints?.Covers(record.SequenceNumber, null, null) == true)
            {
                if (!await FlushOpenGroupAsync().ConfigureAwait(false))
                {
                    return;
                }

                summary.RecordsProcessed += _index - firstUnfinished;
                summary.DuplicatesSkipped++;
                firstUnfinished = _index + 1;
                continue;
            }

            if (!await ProcessRecordAsync(record).ConfigureAwait(false))
            {
                return;
            }

            if (!_assembler.HasOpenGroup)
            {
                summary.RecordsProcessed += _index + 1 - firstUnfinished;
                firstUnfinished = _index + 1;
                if (checkpoints is not null)
                {
                    checkpoints.MarkRecordHandled(record.SequenceNumber);
                    await checkpoints.WriteIfDueAsync(token).ConfigureAwait(false);
                }
            }
        }

        _index = records.Count - 1;
        if (_assembler.HasOpenGroup && await CloseAndDispatchAsync().ConfigureAwait(false))
        {
            summary.RecordsProcessed += records.Count - firstUnfinished;
        }
    }

    /// <summary>Returns false when the batch must stop at this record (or at the open group before it).</summary>
    private async Task<bool> ProcessRecordAsync(KinesisRecordEntry record)
    {
        int recordIndex = _index;
        string shard = record.ShardId;
        summary.NoteKinesisArrival(record.ApproximateArrivalTimestamp, summary.Timestamp());
        KeepOpenGroupPayload();
        PayloadStatus decoded = decoder.Decode(_records!, recordIndex, out string? decodeError);
        if (decoded != PayloadStatus.Ready)
        {
            var position = new KinesisPosition(shard, record.SequenceNumber, KinesisPayload.NotAggregated, record.PartitionKey);
            return await FlushOpenGroupAsync().ConfigureAwait(false) && (decoded == PayloadStatus.BatchLimitReached
                ? StopAtBatchLimit(position, decodeError!)
                : await KeepPoisonAsync(recordIndex, position, decodeError!).ConfigureAwait(false));
        }

        IReadOnlyList<KinesisPayload> payloads = decoder.Payloads;
        for (int p = 0; p < payloads.Count; p++)
        {
            KinesisPayload payload = payloads[p];
            var position = new KinesisPosition(shard, record.SequenceNumber, payload.SubSequenceNumber, payload.PartitionKey);
            if (checkpoints?.Covers(position.SequenceNumber, position.SubSequenceNumber, null) == true)
            {
                summary.DuplicatesSkipped++;
                continue;
            }

            // A gzip sub-record is inflated only now, into the buffer the previous one used.
            PayloadStatus opened = decoder.Open(p, out ReadOnlyMemory<byte> data, out string? parseError);
            if (opened == PayloadStatus.BatchLimitReached)
            {
                return await FlushOpenGroupAsync().ConfigureAwait(false) && StopAtBatchLimit(position, parseError!);
            }

            _changes.Clear();
            if (opened == PayloadStatus.Ready)
            {
                parseError = ChangeRecordParser.Parse(data.Span, _changes);
            }

            if (parseError is not null)
            {
                // A KPL sub-record is dead-lettered alone, with its own bytes and partition key: redrive must not
                // replay its good siblings.
                string? poisonData = payload.SubSequenceNumber == KinesisPayload.NotAggregated ? null : Convert.ToBase64String(payload.Data.Span);
                if (!await FlushOpenGroupAsync().ConfigureAwait(false) || !await KeepPoisonAsync(recordIndex, position, parseError, poisonData).ConfigureAwait(false))
                {
                    return false;
                }

                checkpoints?.MarkHandled(position.SequenceNumber, position.SubSequenceNumber, null);
                continue;
            }

            summary.ChangeRecords += _changes.Count;
            _payload = position;
            _payloadData = payload.Data;
            _payloadOrdered = EventIdsIncrease(_changes);
            foreach (ChangeRecord change in _changes)
            {
                if (_payloadOrdered && checkpoints?.Covers(position.SequenceNumber, position.SubSequenceNumber, change.EventId) == true)
                {
                    summary.DuplicatesSkipped++;
                    continue;
                }

                if (_assembler.HasOpenGroup && !_assembler.Continues(change) && !await CloseAndDispatchAsync().ConfigureAwait(false))
                {
                    return false;
                }

                if (!_assembler.HasOpenGroup)
                {
                    _groupRecord = recordIndex;
                }

                if (keepEventSources)
                {
                    _groupSource.Add(change);
                }

                if (_assembler.Append(change, position) && !await CloseAndDispatchAsync().ConfigureAwait(false))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private ValueTask<bool> FlushOpenGroupAsync() =>
        _assembler.HasOpenGroup ? new ValueTask<bool>(CloseAndDispatchAsync()) : ValueTask.FromResult(true);

    private async Task<bool> CloseAndDispatchAsync()
    {
        KinesisPosition first = _assembler.FirstPosition;
        int groupRecord = _groupRecord;
        AssemblyOutcome outcome = _assembler.TryClose(token, out GraphEvent? built, out string? reason);
        ChangeRecord[]? source = keepEventSources ? [.. _groupSource] : null;
        _groupSource.Clear();
        if (outcome == AssemblyOutcome.Cancelled)
        {
            Fail(first.SequenceNumber);
            logger.StoppedAtDeadline(first.ShardId, first.SequenceNumber);
            return false;
        }

        if (outcome == AssemblyOutcome.Poison)
        {
            // Encoded only now: a good event from a KPL sub-record must not pay for copying its bytes as base64.
            if (!await KeepPoisonAsync(groupRecord, first, reason!, PoisonDataOfGroup(first)).ConfigureAwait(false))
            {
                return false;
            }

            checkpoints?.MarkHandled(first.SequenceNumber, first.SubSequenceNumber, null);
            return true;
        }

        GraphEvent graphEvent = built!;
        graphEvent.Source = source;
        if (checkpoints is not null)
        {
            // An interval write due inside a long record goes before the next event rather than after the last
            // one, so it never duplicates the write that follows when the record completes.
            await checkpoints.WriteIfDueAsync(token).ConfigureAwait(false);
        }

        HandlerFailure? failure = await dispatcher.DispatchAsync(graphEvent, token).ConfigureAwait(false);
        if (failure is null || await KeepFailedEventAsync(graphEvent, first, failure).ConfigureAwait(false))
        {
            if (checkpoints is not null)
            {
                MarkEventHandled(graphEvent.Position, graphEvent.LastEventId);
            }

            return true;
        }

        // Lambda redelivers from the event's first record, so none of its changes is lost.
        Fail(first.SequenceNumber);
        logger.StoppedAtFailure(first.ShardId, first.SequenceNumber);
        return false;
    }

    private async ValueTask<bool> KeepFailedEventAsync(GraphEvent graphEvent, KinesisPosition first, HandlerFailure failure)
    {
        if (!failure.IsPermanent || permanentFailures != PermanentFailurePolicy.DeadLetter || !deadLetters.HasSink)
        {
            return false;
        }

        // The event's records end at its last change's record, which is the current one or, when the event was closed
        // by what followed it, one before.
        int last = IndexOf(graphEvent.Position.SequenceNumber, _index);
        int firstIndex = IndexOf(first.SequenceNumber, last);
        return await deadLetters.KeepFailedEventAsync(graphEvent, _records!, firstIndex, last, failure, token).ConfigureAwait(false);
    }

    private int IndexOf(string sequenceNumber, int from)
    {
        for (int i = from; i >= 0; i--)
        {
            if (string.Equals(_records![i].SequenceNumber, sequenceNumber, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return from;
    }

    // A KPL sub-record is dead-lettered with its own bytes when the event started in the payload still open;
    // otherwise (an event spanning payloads) the whole Kinesis record it started in.
    private string? PoisonDataOfGroup(KinesisPosition first) =>
        first.SubSequenceNumber == KinesisPayload.NotAggregated ? null
        : first == _payload && !_payloadData.IsEmpty ? Convert.ToBase64String(_payloadData.Span)
        : first == _keptPayload ? Convert.ToBase64String(_keptPayloadBytes, 0, _keptPayloadLength)
        : null;

    private void KeepOpenGroupPayload()
    {
        if (_payload.SubSequenceNumber != KinesisPayload.NotAggregated && !_payloadData.IsEmpty && _assembler.HasOpenGroup && _assembler.FirstPosition == _payload)
        {
            _keptPayload = _payload;
            if (_keptPayloadBytes.Length < _payloadData.Length)
            {
                _keptPayloadBytes = new byte[Math.Max(_payloadData.Length, _keptPayloadBytes.Length * 2)];
            }

            _payloadData.Span.CopyTo(_keptPayloadBytes);
            _keptPayloadLength = _payloadData.Length;
        }

        _payloadData = default; // about to be handed back with the buffer it lies in
    }

    private bool StopAtBatchLimit(KinesisPosition position, string reason)
    {
        // Not the record's fault: a fresh invocation has a fresh budget, and one record always fits it.
        logger.StoppedAtInflateLimit(position.ShardId, position.SequenceNumber, reason);
        Fail(position.SequenceNumber);
        return false;
    }

    private async ValueTask<bool> KeepPoisonAsync(int record, KinesisPosition position, string reason, string? data = null)
    {
        if (await deadLetters.KeepPoisonAsync(_records!, record, position, reason, token, data).ConfigureAwait(false))
        {
            return true;
        }

        Fail(position.SequenceNumber);
        return false;
    }

    private void MarkEventHandled(KinesisPosition last, NeptuneEventId lastEventId)
    {
        // Inside the payload still being walked, "up to this Neptune event" only names a prefix when the ids
        // increase; otherwise the payload is checkpointed when it is done.
        bool inOpenPayload = last.SubSequenceNumber == _payload.SubSequenceNumber
            && string.Equals(last.SequenceNumber, _payload.SequenceNumber, StringComparison.Ordinal);
        if (!inOpenPayload || _payloadOrdered)
        {
            checkpoints!.MarkHandled(last.SequenceNumber, last.SubSequenceNumber, lastEventId);
        }
    }

    private static bool EventIdsIncrease(List<ChangeRecord> changes)
    {
        for (int i = 1; i < changes.Count; i++)
        {
            if (changes[i].EventId <= changes[i - 1].EventId)
            {
                return false;
            }
        }

        return true;
    }

    private void Fail(string sequenceNumber)
    {
        summary.FailedSequenceNumber ??= sequenceNumber;
        _assembler.Reset();
        _groupSource.Clear();
    }
}
