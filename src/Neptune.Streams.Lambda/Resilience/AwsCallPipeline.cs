using Polly;

namespace Neptune.Streams.Lambda.Resilience;

/// <summary>
/// The one resilience pipeline every DynamoDB, SQS and S3 call of the library runs through, built once at start-up:
/// throttling and 5xx errors are retried with exponential backoff and jitter; everything else surfaces at once.
/// </summary>
internal sealed class AwsCallPipeline
{
    public AwsCallPipeline(RetryOptions options, TimeProvider timeProvider, Action? onRetry = null)
    {
        Pipeline = RetryPipeline.Build(options, timeProvider, static (ex, _) => AwsTransientErrors.IsTransient(ex), onRetry);
    }

    public ResiliencePipeline Pipeline { get; }

    public ValueTask<TResult> ExecuteAsync<TState, TResult>(
        Func<TState, CancellationToken, ValueTask<TResult>> call, TState state, CancellationToken cancellationToken) =>
        Pipeline.ExecuteAsync(call, state, cancellationToken);

    public ValueTask<TResult> ExecuteAsync<TState, TResult>(
        Func<TState, CancellationToken, Task<TResult>> call, TState state, CancellationToken cancellationToken) =>
        Pipeline.ExecuteAsync(static async (s, ct) => await s.call(s.state, ct).ConfigureAwait(false), (call, state), cancellationToken);
}
