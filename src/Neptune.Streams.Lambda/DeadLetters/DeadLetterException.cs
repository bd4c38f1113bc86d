namespace Neptune.Streams.Lambda.DeadLetters;

/// <summary>A poison record could not be dead-lettered; the batch reports it instead, so it is not lost.</summary>
public sealed class DeadLetterException : NeptuneStreamsException
{
    /// <summary>Creates the exception.</summary>
    public DeadLetterException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DeadLetterException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public DeadLetterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
