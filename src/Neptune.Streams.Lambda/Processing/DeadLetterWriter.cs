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
    public async ValueTask<bool> KeepPoisonAsync(KinesisEventRecord record, KinesisPosition position, string reason, CancellationToken cancellationToken, string? data = null)
    {
        summary.PoisonRecords++;
        if (sink is null)
        {
            logger.PoisonReported(position.ShardId, position.SequenceNumber, position.SubSequenceNumber, reason);
            return false;
        }

        if (!await TrySendAsync(Poison(record, position, reason, data), cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        logger.PoisonDeadLettered(position.ShardId, position.SequenceNumber, position.SubSequenceNumber, reason);
        return true;
    }

    /// <summary>
    /// Sends every Kinesis record that holds part of <paramref name="graphEvent"/>, whole, so <c>redrive</c> can put the
    /// event back on the stream. Other events in the same records are replayed with it: handlers see them again.
    /// </summary>
    public async ValueTask<bool> KeepFailedEventAsync(
        GraphEvent graphEvent, IReadOnlyList<KinesisEventRecord> eventRecords, HandlerFailure failure, CancellationToken cancellationToken)
    {
        if (sink is null)
        {
            return false;
        }

        string reason = $"handler {failure.Handler} failed permanently ({failure.Exception.GetType().Name}) on {graphEvent.Kind} event {graphEvent.FirstEventId}..{graphEvent.LastEventId}";
        foreach (KinesisEventRecord record in eventRecords)
        {
            var position = new KinesisPosition(record.ShardId, record.Kinesis.SequenceNumber, KinesisPayload.NotAggregated, record.Kinesis.PartitionKey);
            if (!await TrySendAsync(Poison(record, position, reason), cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        summary.EventsDeadLettered++;
        logger.EventDeadLettered(graphEvent.FirstEventId.ToString(), failure.Handler, eventRecords.Count, graphEvent.Position.ShardId,
            eventRecords[0].Kinesis.SequenceNumber);
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

    private PoisonRecord Poison(KinesisEventRecord record, KinesisPosition position, string reason, string? data = null) => new()
    {
        Position = position,
        EventSourceArn = record.EventSourceArn,
        FunctionName = functionName,
        Data = data ?? record.Kinesis.Data ?? string.Empty,
        ApproximateArrivalTimestamp = record.Kinesis.ApproximateArrivalTimestamp,
        Reason = reason,
    };
}
