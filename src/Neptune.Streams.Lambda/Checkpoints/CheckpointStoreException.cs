namespace Neptune.Streams.Lambda.Checkpoints;

/// <summary>A checkpoint store could not be read or written, after retries.</summary>
public sealed class CheckpointStoreException : NeptuneStreamsException
{
    /// <summary>Creates the exception.</summary>
    public CheckpointStoreException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CheckpointStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public CheckpointStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
