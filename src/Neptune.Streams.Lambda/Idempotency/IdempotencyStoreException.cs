namespace Neptune.Streams.Lambda.Idempotency;

/// <summary>An idempotency or high-water-mark store could not be read or written, after retries.</summary>
public sealed class IdempotencyStoreException : NeptuneStreamsException
{
    /// <summary>Creates the exception.</summary>
    public IdempotencyStoreException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public IdempotencyStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public IdempotencyStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
