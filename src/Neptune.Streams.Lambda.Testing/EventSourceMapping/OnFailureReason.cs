namespace Neptune.Streams.Lambda.Testing;

/// <summary>Why the event source mapping gave records up (Lambda's on-failure <c>condition</c>).</summary>
public enum OnFailureReason
{
    /// <summary>The batch failed <c>MaximumRetryAttempts</c> + 1 times.</summary>
    RetryAttemptsExhausted,

    /// <summary>The records were older than <c>MaximumRecordAgeInSeconds</c> when their turn came.</summary>
    RecordAgeExceeded,
}
