namespace Neptune.Streams.Lambda.Resilience;

/// <summary>How failed handlers are retried within one invocation (exponential backoff with jitter).</summary>
public sealed class HandlerRetryOptions
{
    private int _maxRetryAttempts = 3;
    private TimeSpan _baseDelay = TimeSpan.FromMilliseconds(100);
    private TimeSpan _maxDelay = TimeSpan.FromSeconds(5);

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
