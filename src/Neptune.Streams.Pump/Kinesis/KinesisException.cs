namespace Neptune.Streams.Pump.Kinesis;

/// <summary>A Kinesis call failed as a whole.</summary>
public sealed class KinesisException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KinesisException()
        : this("Kinesis call failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public KinesisException(string message)
        : base(message)
    {
        ErrorCode = "Unknown";
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public KinesisException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = "Unknown";
    }

    /// <summary>Creates the exception for an error answer.</summary>
    public KinesisException(string errorCode, string message, int statusCode)
        : base($"Kinesis {errorCode} (HTTP {statusCode}): {message}")
    {
        ErrorCode = errorCode;
        StatusCode = statusCode;
    }

    /// <summary>The error code (<c>ResourceNotFoundException</c>, <c>ProvisionedThroughputExceededException</c>…).</summary>
    public string ErrorCode { get; }

    /// <summary>The HTTP status, or 0.</summary>
    public int StatusCode { get; }

    /// <summary>True when retrying later may succeed (throttling, limits, 5xx).</summary>
    public bool IsTransient => StatusCode >= 500 || ErrorCode is "ProvisionedThroughputExceededException" or "LimitExceededException"
        or "ThrottlingException" or "KMSThrottlingException" or "InternalFailure" or "ServiceUnavailable";
}
