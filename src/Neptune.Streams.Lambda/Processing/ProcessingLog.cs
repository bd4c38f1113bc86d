using Microsoft.Extensions.Logging;
using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.Processing;

/// <summary>The log lines of the processing path, in one place.</summary>
internal static partial class ProcessingLog
{
    [LoggerMessage(Level = LogLevel.Warning, EventName = "UnlabelledEvent", Message = "{Kind} {ElementId} (Neptune event {NeptuneEventId}, {ShardId}/{SequenceNumber}) has no labels: the pump found the element deleted before it looked them up. Label-routed handlers do not get it; {Handlers} handler(s) for any label do")]
    public static partial void LabelsUnknown(this ILogger logger, GraphEventKind kind, string elementId, string neptuneEventId, string shardId, string sequenceNumber, int handlers);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handler {Handler} failed on {Kind} {ElementId} at {ShardId}/{SequenceNumber} (Neptune event {NeptuneEventId}) after {Attempts} attempt(s)")]
    public static partial void HandlerFailed(this ILogger logger, Exception exception, string handler, GraphEventKind kind, string elementId, string shardId, string sequenceNumber, string neptuneEventId, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Poison record {ShardId}/{SequenceNumber} (sub-record {SubSequenceNumber}) reported as the batch failure, no dead-letter sink is configured: {Reason}")]
    public static partial void PoisonReported(this ILogger logger, string shardId, string sequenceNumber, int subSequenceNumber, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Poison record {ShardId}/{SequenceNumber} (sub-record {SubSequenceNumber}) sent to the dead-letter sink: {Reason}")]
    public static partial void PoisonDeadLettered(this ILogger logger, string shardId, string sequenceNumber, int subSequenceNumber, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Record {ShardId}/{SequenceNumber} could not be dead-lettered and is reported as the batch failure: {Reason}")]
    public static partial void DeadLetterFailed(this ILogger logger, Exception exception, string shardId, string sequenceNumber, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {NeptuneEventId} failed permanently in {Handler}: its {RecordCount} Kinesis record(s) from {ShardId}/{SequenceNumber} went to the dead-letter sink and the batch goes on")]
    public static partial void EventDeadLettered(this ILogger logger, string neptuneEventId, string handler, int recordCount, string shardId, string sequenceNumber);

    [LoggerMessage(Level = LogLevel.Error, Message = "The batch stops at {ShardId}/{SequenceNumber} and reports it for redelivery")]
    public static partial void StoppedAtFailure(this ILogger logger, string shardId, string sequenceNumber);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The batch's inflate budget is spent: it stops at {ShardId}/{SequenceNumber} and reports it for redelivery: {Reason}")]
    public static partial void StoppedAtInflateLimit(this ILogger logger, string shardId, string sequenceNumber, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The deadline is near: the batch stops at {ShardId}/{SequenceNumber} and reports it for redelivery")]
    public static partial void StoppedAtDeadline(this ILogger logger, string shardId, string sequenceNumber);
}
