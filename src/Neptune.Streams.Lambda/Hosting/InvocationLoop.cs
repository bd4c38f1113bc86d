using System.Text.Json;
using Microsoft.Extensions.Logging;
using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Lambda.Hosting;

/// <summary>
/// The Runtime API loop: take the next invocation, hand it to the function, send the response or the error, repeat
/// until the process is told to stop. One bad invocation never ends the loop.
/// </summary>
internal sealed partial class InvocationLoop(
    NeptuneStreamFunction function, IRuntimeApiClient client, ILambdaEnvironment environment, ILogger logger)
{
    private readonly string _functionName = environment.Get(LambdaEnvironmentVariables.FunctionName) ?? "local";

    /// <summary>Runs until <paramref name="stopping"/> is cancelled (SIGTERM) and the invocation in flight is answered.</summary>
    /// <exception cref="HttpRequestException">The Runtime API cannot be reached.</exception>
    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            RuntimeInvocation next;
            try
            {
                next = await client.GetNextInvocationAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (HttpRequestException ex)
            {
                // Without the Runtime API there is nothing to serve: Lambda replaces an environment whose runtime exits.
                LogNextFailed(ex);
                throw;
            }

            await HandleAsync(next, stopping).ConfigureAwait(false);
        }

        LogStopped();
    }

    /// <summary>Handles one invocation; never throws for anything the invocation did.</summary>
    public async Task HandleAsync(RuntimeInvocation next, CancellationToken stopping)
    {
        // The AWS SDKs read the trace header from here to join the invocation's X-Ray trace.
        environment.Set(LambdaEnvironmentVariables.TraceId, next.TraceId);
        var invocation = new InvocationContext
        {
            AwsRequestId = next.RequestId,
            FunctionName = _functionName,
            InvokedFunctionArn = next.InvokedFunctionArn,
            Deadline = next.Deadline,
            TraceId = next.TraceId,
        };

        using var scope = logger.BeginScope(new InvocationLogScope(invocation));
        KinesisEvent kinesisEvent;
        try
        {
            using var payload = new MemoryStream(next.Payload, writable: false);
            // Not tied to the stopping token: the payload is in memory, and a half-read event would go unanswered.
            kinesisEvent = await NeptuneStreamFunction.ReadEventAsync(payload, CancellationToken.None).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            LogInvalidEvent(ex.Message);
            await SendAsync(next.RequestId, RuntimeError.From(ex, RuntimeErrorCategories.InvalidEvent)).ConfigureAwait(false);
            return;
        }

        byte[] body;
        try
        {
            // The function cancels its handlers' token before the deadline on its own; SIGTERM cancels it at once.
            StreamsEventResponse response = await function.ProcessAsync(kinesisEvent, invocation, stopping).ConfigureAwait(false);
            body = JsonSerializer.SerializeToUtf8Bytes(response, LambdaEventJsonContext.Default.StreamsEventResponse);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogInvocationFailed(ex);
            await SendAsync(next.RequestId, RuntimeError.From(ex, RuntimeErrorCategories.Unhandled)).ConfigureAwait(false);
            return;
        }

        try
        {
            // Not tied to the stopping token: an answer that is ready is worth delivering during shutdown.
            await client.SendResponseAsync(next.RequestId, body, CancellationToken.None).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            LogSendFailed(ex, "response");
        }
    }

    private async Task SendAsync(string requestId, RuntimeError error)
    {
        try
        {
            await client.SendErrorAsync(requestId, error, CancellationToken.None).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            LogSendFailed(ex, "error");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The invocation payload is not a Lambda Kinesis event; an error response was sent: {Reason}")]
    private partial void LogInvalidEvent(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The invocation failed; an error response was sent")]
    private partial void LogInvocationFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The Runtime API did not take the {What}")]
    private partial void LogSendFailed(Exception exception, string what);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The Runtime API did not give the next invocation; the runtime stops")]
    private partial void LogNextFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: the Runtime API loop stopped")]
    private partial void LogStopped();
}
