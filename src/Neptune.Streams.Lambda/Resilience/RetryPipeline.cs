using Polly;
using Polly.Retry;

namespace Neptune.Streams.Lambda.Resilience;

/// <summary>Builds a retry pipeline from <see cref="RetryOptions"/>: exponential backoff with jitter, bounded by the token.</summary>
internal static class RetryPipeline
{
    /// <param name="options">How often and how long to wait.</param>
    /// <param name="timeProvider">The clock of the delays.</param>
    /// <param name="shouldRetry">Whether a failure (with the call's token) is worth another attempt.</param>
    /// <param name="onRetry">Told about each retry, for counting.</param>
    public static ResiliencePipeline Build(
        RetryOptions options, TimeProvider timeProvider, Func<Exception, CancellationToken, bool> shouldRetry, Action? onRetry = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } ex && shouldRetry(ex, args.Context.CancellationToken)),
                OnRetry = _ =>
                {
                    onRetry?.Invoke();
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder.Build();
    }
}
