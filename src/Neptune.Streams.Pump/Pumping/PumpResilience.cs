using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging;
using Neptune.Streams.Pump.Kinesis;
using Polly;
using Polly.Retry;

namespace Neptune.Streams.Pump.Pumping;

/// <summary>
/// The pump's one retry policy, built at start-up: exponential backoff with jitter, without an attempt limit (a pump
/// must not skip changes), bounded by the run's cancellation token instead.
/// </summary>
internal static partial class PumpResilience
{
    public static ResiliencePipeline Create(TimeProvider timeProvider, ILogger logger) => new ResiliencePipelineBuilder { TimeProvider = timeProvider }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder()
                .Handle<PutRecordsPartialFailureException>()
                .Handle<KinesisException>(ex => ex.IsTransient)
                .Handle<HttpRequestException>()
                .Handle<TransientStreamException>()
                .Handle<AmazonDynamoDBException>(IsTransient),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromSeconds(10),
            MaxRetryAttempts = int.MaxValue,
            OnRetry = args =>
            {
                LogRetry(logger, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception?.GetType().Name ?? "result", args.Outcome.Exception?.Message);
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    /// <summary>
    /// The label look-ups' policy: every failure of one look-up (an HTTP error, a timeout, an answer that is not
    /// GraphSON) is retried <see cref="LabelLookUpRetries"/> times with exponential backoff and jitter, bounded by the
    /// run's reading token; then the look-up fails and the run stops rather than forward a change without labels.
    /// </summary>
    public static ResiliencePipeline CreateLabelLookUp(TimeProvider timeProvider, ILogger logger) => new ResiliencePipelineBuilder { TimeProvider = timeProvider }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder()
                .Handle<HttpRequestException>()
                .Handle<TaskCanceledException>()
                .Handle<System.Text.Json.JsonException>()
                .Handle<KeyNotFoundException>()
                .Handle<InvalidOperationException>(),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
            MaxDelay = TimeSpan.FromSeconds(5),
            MaxRetryAttempts = LabelLookUpRetries,
            OnRetry = args =>
            {
                LogRetry(logger, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception?.GetType().Name ?? "result", args.Outcome.Exception?.Message);
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    /// <summary>
    /// A DynamoDB error of the pump's state store worth retrying once the SDK's own retries gave up: a 5xx answer,
    /// throttling, or a transaction cancelled only by a conflicting concurrent write (never by a failed condition, which
    /// means the lease is lost and the store reports it as <see langword="false"/>).
    /// </summary>
    internal static bool IsTransient(AmazonDynamoDBException ex) => ex switch
    {
        TransactionCanceledException cancelled => cancelled.CancellationReasons is { Count: > 0 } reasons
            && reasons.All(r => r.Code is null or "None" or "TransactionConflict" or "ThrottlingError" or "ProvisionedThroughputExceeded"),
        TransactionConflictException or ProvisionedThroughputExceededException or RequestLimitExceededException or InternalServerErrorException => true,
        _ => (int)ex.StatusCode >= 500 || ex.ErrorCode is "ThrottlingException" or "TransactionConflictException",
    };

    /// <summary>How often one label look-up is retried before the run stops.</summary>
    public const int LabelLookUpRetries = 5;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retry {Attempt} in {Delay} after {Error}: {Message}")]
    private static partial void LogRetry(ILogger logger, int attempt, TimeSpan delay, string error, string? message);
}
