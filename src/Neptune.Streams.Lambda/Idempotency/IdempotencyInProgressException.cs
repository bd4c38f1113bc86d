namespace Neptune.Streams.Lambda.Idempotency;

/// <summary>
/// Another invocation is handling the same event right now. Retriable: the handler pipeline retries it with backoff,
/// and if it still holds, the batch reports the record and Lambda redelivers it later.
/// </summary>
public sealed class IdempotencyInProgressException : Exception
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
