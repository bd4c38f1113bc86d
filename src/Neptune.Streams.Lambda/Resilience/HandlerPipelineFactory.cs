using Neptune.Streams.Lambda.Handlers;
using Polly;
using Polly.Retry;

namespace Neptune.Streams.Lambda.Resilience;

/// <summary>Builds the one resilience pipeline that handler calls run through, once at start-up.</summary>
internal static class HandlerPipelineFactory
{
    public static ResiliencePipeline Create(HandlerRetryOptions options, TimeProvider timeProvider, Action? onRetry = null)
    {
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
                // A permanent failure is not retried, and neither is a cancellation: the deadline is near.
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Exception is { } ex
                    && ex is not PermanentHandlerException
                    && !(ex is OperationCanceledException && args.Context.CancellationToken.IsCancellationRequested)),
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
