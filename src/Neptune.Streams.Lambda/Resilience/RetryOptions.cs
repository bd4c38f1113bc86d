namespace Neptune.Streams.Lambda.Resilience;

/// <summary>
/// How a failed call is retried within one invocation (exponential backoff with jitter): handler calls
/// (<see cref="NeptuneStreamOptions.Retry"/>) and the library's DynamoDB, SQS and S3 calls
/// (<see cref="NeptuneStreamOptions.AwsRetry"/>). The defaults, written only here:
/// <list type="table">
/// <listheader><term>property</term><description>handlers / AWS calls</description></listheader>
/// <item><term><see cref="MaxRetryAttempts"/></term><description>3 / 3</description></item>
/// <item><term><see cref="BaseDelay"/></term><description>100 ms / 50 ms</description></item>
/// <item><term><see cref="MaxDelay"/></term><description>5 s / 2 s (the AWS SDK retries as well)</description></item>
/// </list>
/// </summary>
public sealed class RetryOptions
{
    private bool _frozen;
    private static readonly TimeSpan HandlerBaseDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan HandlerMaxDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AwsBaseDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan AwsMaxDelay = TimeSpan.FromSeconds(2);
    private const int DefaultMaxRetryAttempts = 3;

    private int _maxRetryAttempts = DefaultMaxRetryAttempts;
    private TimeSpan _baseDelay = HandlerBaseDelay;
    private TimeSpan _maxDelay = HandlerMaxDelay;

    /// <summary>Creates options with the handler defaults (see <see cref="RetryOptions"/>).</summary>
    public RetryOptions()
    {
    }

    internal RetryOptions(int maxRetryAttempts, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        MaxRetryAttempts = maxRetryAttempts;
        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
    }

    /// <summary>The defaults for AWS calls (see <see cref="RetryOptions"/>).</summary>
    internal static RetryOptions ForAwsCalls() => new(DefaultMaxRetryAttempts, AwsBaseDelay, AwsMaxDelay);

    /// <summary>Retries after the first attempt; 0 turns retries off.</summary>
    /// <value>3.</value>
    public int MaxRetryAttempts
    {
        get => _maxRetryAttempts;
        set
        {
            OptionsGuard.ThrowIfFrozen(_frozen);
            _maxRetryAttempts = value is >= 0 and <= 100
                ? value
                : throw new ArgumentOutOfRangeException(nameof(value), value, "Between 0 and 100 retries.");
        }
    }

    /// <summary>The delay before the first retry; later ones grow exponentially, with jitter.</summary>
    /// <value>100 ms for handlers, 50 ms for AWS calls.</value>
    public TimeSpan BaseDelay
    {
        get => _baseDelay;
        set
        {
            OptionsGuard.ThrowIfFrozen(_frozen);
            _baseDelay = value >= TimeSpan.Zero
                ? value
                : throw new ArgumentOutOfRangeException(nameof(value), value, "The delay cannot be negative.");
        }
    }

    /// <summary>The longest delay between two attempts.</summary>
    /// <value>5 s for handlers, 2 s for AWS calls.</value>
    public TimeSpan MaxDelay
    {
        get => _maxDelay;
        set
        {
            OptionsGuard.ThrowIfFrozen(_frozen);
            _maxDelay = value > TimeSpan.Zero
                ? value
                : throw new ArgumentOutOfRangeException(nameof(value), value, "The delay must be positive.");
        }
    }

    /// <summary>Makes every setter throw from now on (the function is built).</summary>
    internal void Freeze() => _frozen = true;
}
