namespace Neptune.Streams.Lambda.Handlers;

/// <summary>What happens to an event when a handler throws <see cref="PermanentHandlerException"/>.</summary>
public enum PermanentFailurePolicy
{
    /// <summary>
    /// The event's Kinesis records go to the dead-letter sink (so <c>redrive</c> can replay them) and the batch goes
    /// on. Without a dead-letter sink this is <see cref="StopBatch"/>: nothing is dropped.
    /// </summary>
    DeadLetter = 0,

    /// <summary>
    /// The event becomes the batch's reported failure, as a transient failure after its retries would: Lambda
    /// redelivers from it until the event source mapping's <c>MaximumRetryAttempts</c> run out, and then sends the
    /// rest of the batch to its on-failure destination.
    /// </summary>
    StopBatch = 1,
}
