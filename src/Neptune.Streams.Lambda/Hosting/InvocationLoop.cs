using System.Text.Json;
using Microsoft.Extensions.Logging;
using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Lambda.Hosting;

/// <summary>
/// The Runtime API loop: take the next invocation, hand its payload to the handler, send the response or the error,
/// repeat until the process is told to stop. One bad invocation never ends the loop.
/// </summary>
internal sealed partial class InvocationLoop
{
    private readonly Func<ReadOnlyMemory<byte>, InvocationContext, CancellationToken, Task<ReadOnlyMemory<byte>>> _handler;
    private readonly IRuntimeApiClient _client;
    private readonly ILambdaEnvironment _environment;
    private readonly ILogger _logger;
    private readonly string _functionName;

    /// <summary>A loop that hands raw payloads to <paramref name="handler"/> and sends back what it returns.</summary>
    public InvocationLoop(
        Func<ReadOnlyMemory<byte>, InvocationContext, CancellationToken, Task<ReadOnlyMemory<byte>>> handler,
        IRuntimeApiClient client, ILambdaEnvironment environment, ILogger logger)
    {
        _handler = handler;
        _client = client;
        _environment = environment;
        _logger = logger;
        _functionName = environment.Get(LambdaEnvironmentVariables.FunctionName) ?? "local";
    }

    /// <summary>A loop that reads each payload as a Kinesis event for <paramref name="function"/>.</summary>
    public InvocationLoop(NeptuneStreamFunction function, IRuntimeApiClient client, ILambdaEnvironment environment, ILogger logger)
        : this((payload, invocation, stopping) => ProcessAsync(function, payload, invocation, stopping), client, environment, logger)
    {
    }

    /// <summary>Runs until <paramref name="stopping"/> is cancelled (SIGTERM) and the invocation in flight is answered.</summary>
    /// <exception cref="HttpRequestException">The Runtime API cannot be reached.</exception>
    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            RuntimeInvocation next;
            try
            {
                next = await _client.GetNextInvocationAsync(stopping).ConfigureAwait(false);
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
        _environment.Set(LambdaEnvironmentVariables.TraceId, next.TraceId);
        var invocation = new InvocationContext
        {
            AwsRequestId = next.RequestId,
            FunctionName = _functionName,
            InvokedFunctionArn = next.InvokedFunctionArn,
            Deadline = next.Deadline,
            TraceId = next.TraceId,
        };

        using var scope = _logger.BeginScope(new InvocationLogScope(invocation));
        ReadOnlyMemory<byte> body;
        try
        {
            // The handler stops before the deadline on its own; SIGTERM cancels it at once.
            body = await _handler(next.Payload, invocation, stopping).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            LogInvalidEvent(ex.Message);
            await SendAsync(next.RequestId, RuntimeError.From(ex, RuntimeErrorCategories.InvalidEvent)).ConfigureAwait(false);
            return;
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
            await _client.SendResponseAsync(next.RequestId, body, CancellationToken.None).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            LogSendFailed(ex, "response");
        }
    }

    /// <summary>A Kinesis event in, the function's partial-batch response out.</summary>
    /// <exception cref="InvalidDataException">The payload is not a Lambda Kinesis event.</exception>
    private static async Task<ReadOnlyMemory<byte>> ProcessAsync(
        NeptuneStreamFunction function, ReadOnlyMemory<byte> payload, InvocationContext invocation, CancellationToken stopping)
    {
        // The payload is read in one pass over these bytes. The function cancels its handlers' token before the
        // deadline on its own; SIGTERM cancels it at once.
        StreamsEventResponse response = (await function.ProcessPayloadAsync(payload, invocation, stopping).ConfigureAwait(false)).Response;
        return JsonSerializer.SerializeToUtf8Bytes(response, LambdaEventJsonContext.Default.StreamsEventResponse);
    }

    private async Task SendAsync(string requestId, RuntimeError error)
    {
        try
        {
            await _client.SendErrorAsync(requestId, error, CancellationToken.None).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            LogSendFailed(ex, "error");
        }
    }

    /// <summary>Logs the GC heap limit the bootstrap set from the function's memory size (once, at start).</summary>
    public void LogMemoryLimit(LambdaMemoryLimit.Outcome memory)
    {
        if (memory.HeapHardLimitBytes is { } bytes)
        {
            LogHeapLimit(bytes / (1024 * 1024), memory.Reason);
        }
        else if (memory.Refused)
        {
            LogHeapLimitRefused(memory.Reason);
        }
        else
        {
            LogHeapLimitUnchanged(memory.Reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "GC heap hard limit {HeapHardLimitMB} MB, from {Reason}")]
    private partial void LogHeapLimit(ulong heapHardLimitMB, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No GC heap hard limit: {Reason}; the function may outgrow its memory before the GC collects")]
    private partial void LogHeapLimitRefused(string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "GC heap hard limit left as it was: {Reason}")]
    private partial void LogHeapLimitUnchanged(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The invocation payload is invalid; an error response was sent: {Reason}")]
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
