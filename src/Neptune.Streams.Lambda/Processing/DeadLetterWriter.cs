using Microsoft.Extensions.Logging;
using Neptune.Streams.Lambda.DeadLetters;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Lambda.Processing;

/// <summary>
/// Keeps what the batch cannot handle in the dead-letter sink: poison records, and the Kinesis records of events a
/// handler failed permanently. Each method returns false when the batch must stop there instead (no sink, or the sink
/// failed): a record is never dropped.
/// </summary>
internal sealed class DeadLetterWriter(IDeadLetterSink? sink, string functionName, ILogger logger, BatchSummary summary)
{
    public bool HasSink => sink is not null;

    /// <summary>
    /// Sends a poison record. <paramref name="data"/> is what to keep (base64): the Kinesis record's data, or a KPL
    /// sub-record's own bytes so redrive replays only it; null keeps the record's data.
    /// </summary>
    public async ValueTask<bool> KeepPoisonAsync(KinesisBatch batch, int record, KinesisPosition position, string reason, CancellationToken cancellationToken, string? data = null)
    {
        summary.PoisonRecords++;
        if (sink is null)
        {
            logger.PoisonReported(position.ShardId, position.SequenceNumber, position.SubSequenceNumber, reason);
            return false;
        }

        if (!await TrySendAsync(Poison(batch, record, position, reason, data), cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        logger.PoisonDeadLettered(position.ShardId, position.SequenceNumber, position.SubSequenceNumber, reason);
        return true;
    }

    /// <summary>
    /// Sends every Kinesis record that holds part of <paramref name="graphEvent"/> (records <paramref name="first"/> to
    /// <paramref name="last"/> of the batch), whole, so <c>redrive</c> can put the
    /// event back on the stream. Other events in the same records are replayed with it: handlers see them again.
    /// </summary>
    public async ValueTask<bool> KeepFailedEventAsync(
        GraphEvent graphEvent, KinesisBatch batch, int first, int last, HandlerFailure failure, CancellationToken cancellationToken)
    {
        if (sink is null)
        {
            return false;
        }

        string reason = $"handler {failure.Handler} failed permanently ({failure.Exception.GetType().Name}) on {graphEvent.Kind} event {graphEvent.FirstEventId}..{graphEvent.LastEventId}";
        for (int i = first; i <= last; i++)
        {
            KinesisRecordEntry record = batch[i];
            var position = new KinesisPosition(record.ShardId, record.SequenceNumber, KinesisPayload.NotAggregated, record.PartitionKey);
            if (!await TrySendAsync(Poison(batch, i, position, reason), cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        summary.EventsDeadLettered++;
        logger.EventDeadLettered(graphEvent.FirstEventId.ToString(), failure.Handler, last - first + 1, graphEvent.Position.ShardId,
            batch[first].SequenceNumber);
        return true;
    }

    private async ValueTask<bool> TrySendAsync(PoisonRecord poison, CancellationToken cancellationToken)
    {
        try
        {
            await sink!.SendAsync(poison, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            summary.Errors++;
            logger.DeadLetterFailed(ex, poison.Position.ShardId, poison.Position.SequenceNumber, poison.Reason);
            return false;
        }
    }

    private PoisonRecord Poison(KinesisBatch batch, int record, KinesisPosition position, string reason, string? data = null) => new()
    {
        Position = position,
        EventSourceArn = batch[record].EventSourceArn,
        FunctionName = functionName,
        Data = data ?? batch.DataText(record),
        ApproximateArrivalTimestamp = batch[record].ApproximateArrivalTimestamp,
        Reason = reason,
    };
}
