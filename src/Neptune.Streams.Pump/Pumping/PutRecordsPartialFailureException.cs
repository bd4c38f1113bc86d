namespace Neptune.Streams.Pump.Pumping;

/// <summary>Some entries of a <c>PutRecords</c> call failed; they are retried, before anything later for their keys.</summary>
internal sealed class PutRecordsPartialFailureException : Exception
{
    public PutRecordsPartialFailureException()
    {
    }

    public PutRecordsPartialFailureException(string message)
        : base(message)
    {
    }

    public PutRecordsPartialFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
