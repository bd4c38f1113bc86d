namespace Neptune.Streams.Lambda.Resilience;

/// <summary>
/// How DynamoDB, SQS and S3 calls of the library are retried on throttling and 5xx errors (exponential backoff with
/// jitter). The AWS SDK retries too; lower its <c>MaxErrorRetry</c> when these retries are enough.
/// </summary>
public sealed class AwsRetryOptions
{
    private int _maxRetryAttempts = 3;
    private TimeSpan _baseDelay = TimeSpan.FromMilliseconds(50);
    private TimeSpan _maxDelay = TimeSpan.FromSeconds(2);

    /// <summary>Retries after the first attempt; 0 turns them off.</summary>
    /// <value>3.</value>
    public int MaxRetryAttempts
    {
        get => _maxRetryAttempts;
        set => _maxRetryAttempts = value is >= 0 and <= 20
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "Between 0 and 20 retries.");
    }

    /// <summary>The delay before the first retry; later ones grow exponentially, with jitter.</summary>
    /// <value>50 ms.</value>
    public TimeSpan BaseDelay
    {
        get => _baseDelay;
        set => _baseDelay = value >= TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The delay cannot be negative.");
    }

    /// <summary>The longest delay between two attempts.</summary>
    /// <value>2 s.</value>
    public TimeSpan MaxDelay
    {
        get => _maxDelay;
        set => _maxDelay = value > TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The delay must be positive.");
    }
}
