namespace Neptune.Streams.Lambda.Idempotency;

/// <summary>
/// Another invocation held the same event until this one's deadline: the batch reports the record and Lambda redelivers
/// it, by which time the claim (which expires shortly after its holder's deadline) can be taken over.
/// </summary>
public sealed class IdempotencyInProgressException : NeptuneStreamsException
{
    /// <summary>Creates the exception.</summary>
    public IdempotencyInProgressException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public IdempotencyInProgressException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public IdempotencyInProgressException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
