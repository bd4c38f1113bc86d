namespace Neptune.Streams.Lambda.Handlers;

/// <summary>
/// Thrown by a handler for a failure that a retry cannot fix (bad data, a rejected request): the event is not
/// retried. Under <see cref="PermanentFailurePolicy.DeadLetter"/> (the default) with a dead-letter sink registered, the
/// event's Kinesis records go to the sink and the batch goes on; otherwise the event becomes the batch's reported
/// failure at once (see <see cref="NeptuneStreamOptions.PermanentFailures"/>).
/// </summary>
public sealed class PermanentHandlerException : NeptuneStreamsException
{
    /// <summary>Creates the exception.</summary>
    public PermanentHandlerException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PermanentHandlerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public PermanentHandlerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
