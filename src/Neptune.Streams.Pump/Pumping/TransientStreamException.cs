namespace Neptune.Streams.Pump.Pumping;

/// <summary>Neptune answered with throttling or a server error: the read is retried with backoff.</summary>
internal sealed class TransientStreamException : Exception
{
    public TransientStreamException()
    {
    }

    public TransientStreamException(string message)
        : base(message)
    {
    }

    public TransientStreamException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
