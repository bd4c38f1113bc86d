namespace Neptune.Streams.Lambda.Resilience;

/// <summary>
/// How a failed call is retried within one invocation (exponential backoff with jitter): handler calls
/// (<see cref="NeptuneStreamOptions.Retry"/>) and the library's DynamoDB, SQS and S3 calls
/// (<see cref="NeptuneStreamOptions.AwsRetry"/>).
/// </summary>
public sealed class RetryOptions
{
    private int _maxRetryAttempts = 3;
    private TimeSpan _baseDelay = TimeSpan.FromMilliseconds(100);
    private TimeSpan _maxDelay = TimeSpan.FromSeconds(5);

    /// <summary>Creates options with the handler defaults: 3 retries, 100 ms base delay, 5 s cap.</summary>
    public RetryOptions()
    {
    }

    internal RetryOptions(int maxRetryAttempts, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        MaxRetryAttempts = maxRetryAttempts;
        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
    }

    /// <summary>The defaults for AWS calls: 3 retries, 50 ms base delay, 2 s cap (the AWS SDK retries as well).</summary>
    internal static RetryOptions ForAwsCalls() => new(3, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2));

    /// <summary>Retries after the first attempt; 0 turns retries off.</summary>
    /// <value>3.</value>
    public int MaxRetryAttempts
    {
        get => _maxRetryAttempts;
        set => _maxRetryAttempts = value is >= 0 and <= 100
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "Between 0 and 100 retries.");
    }

    /// <summary>The delay before the first retry; later ones grow exponentially, with jitter.</summary>
    /// <value>100 ms.</value>
    public TimeSpan BaseDelay
    {
        get => _baseDelay;
        set => _baseDelay = value >= TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The delay cannot be negative.");
    }

    /// <summary>The longest delay between two attempts.</summary>
    /// <value>5 s.</value>
    public TimeSpan MaxDelay
    {
        get => _maxDelay;
        set => _maxDelay = value > TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The delay must be positive.");
    }
}
