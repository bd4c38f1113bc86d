using Neptune.Streams.Lambda.Checkpoints;
using Neptune.Streams.Lambda.Handlers;
using Neptune.Streams.Lambda.Kinesis;
using Neptune.Streams.Lambda.Metrics;
using Neptune.Streams.Lambda.Resilience;

namespace Neptune.Streams.Lambda;

/// <summary>
/// What every function configures (features such as checkpoints, idempotency and dead letters take their own options in
/// their <c>Use*</c> call), with its defaults, validated as it is set, and frozen when the function is built: a setter
/// called after that throws <see cref="InvalidOperationException"/>.
/// </summary>
public sealed class NeptuneStreamOptions
{
    private bool _frozen;
    private TimeSpan _deadlineSafetyMargin = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long before the Lambda deadline the handlers' token is cancelled, so the batch can stop cleanly and report
    /// the first record it did not handle. The last quarter of it is kept for the response: the final checkpoint write
    /// and completing or releasing idempotency claims stop by then, so they never turn a partial-batch response into a
    /// timeout (which would redeliver the whole batch).
    /// </summary>
    /// <value>2 s.</value>
    public TimeSpan DeadlineSafetyMargin
    {
        get => _deadlineSafetyMargin;
        set
        {
            OptionsGuard.ThrowIfFrozen(_frozen);
            _deadlineSafetyMargin = value >= TimeSpan.Zero
                ? value
                : throw new ArgumentOutOfRangeException(nameof(value), value, "The margin cannot be negative.");
        }
    }

    /// <summary>What is kept of the time before the deadline for sending the response.</summary>
    internal TimeSpan ResponseReserve => DeadlineSafetyMargin / 4;

    /// <summary>
    /// What happens to an event when a handler throws <see cref="PermanentHandlerException"/>: dead-lettered with its
    /// Kinesis records while the batch goes on (when a dead-letter sink is registered), or the batch's reported failure.
    /// </summary>
    /// <value><see cref="PermanentFailurePolicy.DeadLetter"/>.</value>
    public PermanentFailurePolicy PermanentFailures
    {
        get;
        set
        {
            OptionsGuard.ThrowIfFrozen(_frozen);
            field = Enum.IsDefined(value)
                ? value
                : throw new ArgumentOutOfRangeException(nameof(value), value, "Not a permanent failure policy.");
        }
    }

    /// <summary>How failing handlers are retried (defaults: <see cref="RetryOptions"/>).</summary>
    public RetryOptions Retry { get; } = new();

    /// <summary>
    /// How DynamoDB, SQS and S3 calls of the library are retried on throttling and 5xx errors (defaults: the AWS-call
    /// column of <see cref="RetryOptions"/>). The AWS SDK retries too; lower its <c>MaxErrorRetry</c> when these are enough.
    /// </summary>
    public RetryOptions AwsRetry { get; } = RetryOptions.ForAwsCalls();

    /// <summary>How often checkpoints are written: set through <c>UseDynamoDbCheckpoints</c> or <c>UseInMemoryCheckpoints</c>.</summary>
    internal CheckpointOptions Checkpoints { get; } = new();

    /// <summary>Limits on decoding (gzip inflation).</summary>
    public DecodingOptions Decoding { get; } = new();

    /// <summary>How batch metrics are written (CloudWatch Embedded Metric Format on standard output).</summary>
    public MetricsOptions Metrics { get; } = new();

    /// <summary>Makes every setter throw from now on (the function is built).</summary>
    internal void Freeze()
    {
        _frozen = true;
        Retry.Freeze();
        AwsRetry.Freeze();
        Checkpoints.Freeze();
        Decoding.Freeze();
        Metrics.Freeze();
    }
}
