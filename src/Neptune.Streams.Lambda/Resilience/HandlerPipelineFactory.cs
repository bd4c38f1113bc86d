using Neptune.Streams.Lambda.Handlers;
using Polly;

namespace Neptune.Streams.Lambda.Resilience;

/// <summary>Builds the one resilience pipeline that handler calls run through, once at start-up.</summary>
internal static class HandlerPipelineFactory
{
    // A permanent failure is not retried, and neither is a cancellation: the deadline is near.
    public static ResiliencePipeline Create(RetryOptions options, TimeProvider timeProvider, Action? onRetry = null) =>
        RetryPipeline.Build(
            options,
            timeProvider,
            static (ex, token) => ex is not PermanentHandlerException && !(ex is OperationCanceledException && token.IsCancellationRequested),
            onRetry);
}
