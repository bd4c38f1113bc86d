namespace Neptune.Streams.Pump.Neptune;

/// <summary>What one read of the stream API came to; every <c>neptunedata</c> stream error maps to one of these.</summary>
internal enum StreamReadOutcome
{
    /// <summary>A page of records.</summary>
    Records,

    /// <summary><c>StreamRecordsNotFoundException</c> (404): nothing after the position yet.</summary>
    CaughtUp,

    /// <summary><c>ExpiredStreamException</c>: the position fell out of the stream's retention.</summary>
    Expired,

    /// <summary><c>ThrottlingException</c>, <c>TooManyRequestsException</c>, <c>ClientTimeoutException</c>, 5xx: back off.</summary>
    Throttled,

    /// <summary><c>MemoryLimitExceededException</c>: retry with half the limit.</summary>
    MemoryLimit,

    /// <summary><c>InvalidParameterException</c> and the other 400s of bad input: a bug or bad configuration.</summary>
    InvalidParameter,

    /// <summary><c>UnsupportedOperationException</c>: streams are not enabled on the cluster.</summary>
    StreamsDisabled,

    /// <summary>Authentication or authorisation failed (403, <c>AccessDeniedException</c>, bad signature).</summary>
    AccessDenied,
}
