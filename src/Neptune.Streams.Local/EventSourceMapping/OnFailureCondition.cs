namespace Neptune.Streams.Local.EventSourceMapping;

/// <summary>Why records went to the on-failure destination.</summary>
public enum OnFailureCondition
{
    /// <summary>The batch failed <c>MaximumRetryAttempts</c> + 1 times.</summary>
    RetryAttemptsExhausted,

    /// <summary>The records were older than <c>MaximumRecordAgeInSeconds</c> when their turn came.</summary>
    RecordAgeExceeded,
}
