using Polly;
using Polly.Retry;

namespace Neptune.Streams.Lambda.Resilience;

/// <summary>
/// The one resilience pipeline every DynamoDB, SQS and S3 call of the library runs through, built once at start-up:
/// throttling and 5xx errors are retried with exponential backoff and jitter; everything else surfaces at once.
/// </summary>
internal sealed class AwsCallPipeline
{
    public AwsCallPipeline(AwsRetryOptions options, TimeProvider timeProvider, Action? onRetry = null)
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
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Exception is { } ex && AwsTransientErrors.IsTransient(ex)),
                OnRetry = _ =>
                {
                    onRetry?.Invoke();
                    return ValueTask.CompletedTask;
                },
            });
        }

        Pipeline = builder.Build();
    }

    public ResiliencePipeline Pipeline { get; }

    public ValueTask<TResult> ExecuteAsync<TState, TResult>(
        Func<TState, CancellationToken, ValueTask<TResult>> call, TState state, CancellationToken cancellationToken) =>
        Pipeline.ExecuteAsync(call, state, cancellationToken);

    public ValueTask<TResult> ExecuteAsync<TState, TResult>(
        Func<TState, CancellationToken, Task<TResult>> call, TState state, CancellationToken cancellationToken) =>
        Pipeline.ExecuteAsync(static async (s, ct) => await s.call(s.state, ct).ConfigureAwait(false), (call, state), cancellationToken);
}
