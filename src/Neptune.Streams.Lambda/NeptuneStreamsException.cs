namespace Neptune.Streams.Lambda;

/// <summary>
/// The base of every exception this library throws on purpose (a store that cannot be used, a record that cannot be
/// dead-lettered, an idempotency claim held elsewhere) and of <see cref="Handlers.PermanentHandlerException"/>, so a
/// caller can tell the library's failures from others with one <c>catch</c>. Argument and usage errors remain
/// <see cref="ArgumentException"/> and <see cref="InvalidOperationException"/>, as in .NET.
/// </summary>
public abstract class NeptuneStreamsException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected NeptuneStreamsException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed; names records and keys, never property values.</param>
    protected NeptuneStreamsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What failed; names records and keys, never property values.</param>
    /// <param name="innerException">The cause.</param>
    protected NeptuneStreamsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
