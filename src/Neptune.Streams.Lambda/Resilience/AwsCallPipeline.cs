using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
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

    /// <summary>
    /// Runs a call through the pipeline; a failure the retries could not clear becomes the library's own exception,
    /// made by <paramref name="fail"/> from a description that names no SDK type. A DynamoDB conditional-check failure
    /// is an outcome, not a failure: it passes through for the caller to turn into one.
    /// </summary>
    public async Task<TResponse> ExecuteOrFailAsync<TState, TResponse>(
        Func<TState, CancellationToken, Task<TResponse>> call, TState state, Func<string, Exception, Exception> fail, CancellationToken cancellationToken)
    {
        try
        {
            return await ExecuteAsync(call, state, cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            throw;
        }
        catch (AmazonServiceException ex)
        {
            throw fail($"{ex.ErrorCode} ({(int)ex.StatusCode})", ex);
        }
        catch (AmazonClientException ex)
        {
            throw fail(ex.Message, ex);
        }
    }
}
