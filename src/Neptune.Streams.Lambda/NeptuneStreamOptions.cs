using Neptune.Streams.Lambda.Checkpoints;
using Neptune.Streams.Lambda.Kinesis;
using Neptune.Streams.Lambda.Metrics;
using Neptune.Streams.Lambda.Resilience;

namespace Neptune.Streams.Lambda;

/// <summary>Everything a function can configure, with its defaults, validated as it is set.</summary>
public sealed class NeptuneStreamOptions
{
    private TimeSpan _deadlineSafetyMargin = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long before the Lambda deadline the handlers' token is cancelled, so the batch can stop cleanly and report
    /// the first record it did not handle.
    /// </summary>
    /// <value>2 s.</value>
    public TimeSpan DeadlineSafetyMargin
    {
        get => _deadlineSafetyMargin;
        set => _deadlineSafetyMargin = value >= TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The margin cannot be negative.");
    }

    /// <summary>How failing handlers are retried (defaults: 3 retries, 100 ms base delay, 5 s cap).</summary>
    public RetryOptions Retry { get; } = new();

    /// <summary>
    /// How DynamoDB, SQS and S3 calls of the library are retried on throttling and 5xx errors (defaults: 3 retries,
    /// 50 ms base delay, 2 s cap). The AWS SDK retries too; lower its <c>MaxErrorRetry</c> when these are enough.
    /// </summary>
    public RetryOptions AwsRetry { get; } = RetryOptions.ForAwsCalls();

    /// <summary>Where and how often checkpoints are written, once a checkpoint store is registered.</summary>
    public CheckpointOptions Checkpoints { get; } = new();

    /// <summary>Limits on decoding (gzip inflation).</summary>
    public DecodingOptions Decoding { get; } = new();

    /// <summary>How batch metrics are written (CloudWatch Embedded Metric Format on standard output).</summary>
    public MetricsOptions Metrics { get; } = new();
}
