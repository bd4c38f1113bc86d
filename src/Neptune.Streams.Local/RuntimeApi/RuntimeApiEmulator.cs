using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Neptune.Streams.Local.Http;

namespace Neptune.Streams.Local.RuntimeApi;

/// <summary>
/// The Lambda Runtime API (2018-06-01) on a free 127.0.0.1 port: it serves queued events to a function process on
/// <c>/invocation/next</c> with Lambda's headers, and collects responses, errors and init errors. Point the function
/// at it with <c>AWS_LAMBDA_RUNTIME_API=</c><see cref="RuntimeApi"/>.
/// </summary>
/// <remarks>
/// <para>One emulator is one Lambda execution environment: serve one function process with it. A process that is killed
/// while it waits on <c>/invocation/next</c> leaves that request open, and the next event may be written to it
/// unnoticed (it then ends as <see cref="InvocationOutcome.TimedOut"/>); start a new emulator for a new process.</para>
/// <para>A response or error body over <see cref="RuntimeApiEmulatorOptions.MaxResponseBytes"/> is refused with 413 and
/// the invocation ends as <see cref="InvocationOutcome.Error"/> with <c>Function.ResponseSizeTooLarge</c>, as Lambda does.</para>
/// </remarks>
public sealed class RuntimeApiEmulator : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01/runtime/";
    private const string UnknownPath = "{\"errorMessage\":\"Unknown path\",\"errorType\":\"InvalidRequest\"}";
    private readonly LoopbackHttpServer _server;
    private readonly RuntimeApiEmulatorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Channel<PendingInvocation> _queue = Channel.CreateUnbounded<PendingInvocation>();
    private readonly ConcurrentDictionary<string, PendingInvocation> _pending = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<InvocationResult> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();

    private RuntimeApiEmulator(RuntimeApiEmulatorOptions options, TimeProvider timeProvider)
    {
        _options = options;
        _timeProvider = timeProvider;
        _server = LoopbackHttpServer.Start(ServeAsync, options.MaxResponseBytes);
    }

    /// <summary>The port the emulator listens on (127.0.0.1).</summary>
    public int Port => _server.Port;

    /// <summary>The value for the function's <c>AWS_LAMBDA_RUNTIME_API</c> variable: <c>127.0.0.1:port</c>.</summary>
    public string RuntimeApi => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <summary>Completes when the function posts <c>/init/error</c>.</summary>
    public Task<InvocationResult> InitError => _initError.Task;

    /// <summary>Starts an emulator on a free 127.0.0.1 port (the operating system picks it while binding).</summary>
    /// <param name="options">Its options; the defaults when null.</param>
    /// <param name="timeProvider">The clock for <c>Lambda-Runtime-Deadline-Ms</c> and timeouts; the system clock when null.</param>
    /// <exception cref="IOException">127.0.0.1 could not be bound.</exception>
    public static RuntimeApiEmulator Start(RuntimeApiEmulatorOptions? options = null, TimeProvider? timeProvider = null) =>
        new(options ?? new RuntimeApiEmulatorOptions(), timeProvider ?? TimeProvider.System);

    /// <summary>
    /// Queues <paramref name="payload"/> for the function and returns its answer. The deadline the function sees is
    /// <paramref name="timeout"/> after it takes the event; waiting for it to take the event is bounded only by
    /// <paramref name="cancellationToken"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive.</exception>
    public async Task<InvocationResult> InvokeAsync(ReadOnlyMemory<byte> payload, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        var invocation = new PendingInvocation(Guid.NewGuid().ToString(), TraceHeader.New(_timeProvider.GetUtcNow()), payload.ToArray(), timeout);
        _pending[invocation.RequestId] = invocation;
        if (_initError.Task.IsCompletedSuccessfully)
        {
            InvocationResult initError = _initError.Task.Result;
            invocation.Complete(InvocationOutcome.InitError, initError.Body.ToArray(), initError.ErrorType);
        }
        else
        {
            await _queue.Writer.WriteAsync(invocation, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await invocation.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(invocation.RequestId, out _);
        }
    }

    /// <summary>Queues a UTF-8 text payload (usually JSON) and returns the function's answer.</summary>
    public Task<InvocationResult> InvokeAsync(string payload, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        InvokeAsync(Encoding.UTF8.GetBytes(payload ?? throw new ArgumentNullException(nameof(payload))), timeout, cancellationToken);

    private async Task ServeAsync(HttpContext context)
    {
        try
        {
            await RouteAsync(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The function went away, or the emulator is stopping.
            context.Abort();
        }
    }

    /// <summary>Every route of the Runtime API, in one place.</summary>
    private Task RouteAsync(HttpContext context)
    {
        string path = context.Request.Path.Value ?? string.Empty;
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return RespondAsync(context, 404, UnknownPath);
        }

        string[] parts = path[Prefix.Length..].Split('/');
        return (context.Request.Method, parts) switch
        {
            ("GET", ["invocation", "next"]) => ServeNextAsync(context),
            ("POST", ["invocation", var id, "response"]) => CompleteAsync(context, Uri.UnescapeDataString(id), InvocationOutcome.Response),
            ("POST", ["invocation", var id, "error"]) => CompleteAsync(context, Uri.UnescapeDataString(id), InvocationOutcome.Error),
            ("POST", ["init", "error"]) => ReceiveInitErrorAsync(context),
            _ => RespondAsync(context, 404, UnknownPath),
        };
    }

    private async Task ServeNextAsync(HttpContext context)
    {
        using var stopOrGone = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, context.RequestAborted);
        PendingInvocation invocation = await _queue.Reader.ReadAsync(stopOrGone.Token).ConfigureAwait(false);
        DateTimeOffset deadline = _timeProvider.GetUtcNow() + invocation.Timeout;
        invocation.TimeoutTimer = _timeProvider.CreateTimer(
            static state => ((PendingInvocation)state!).Complete(InvocationOutcome.TimedOut, [], null),
            invocation,
            invocation.Timeout + _options.TimeoutGrace,
            Timeout.InfiniteTimeSpan);
        try
        {
            IHeaderDictionary headers = context.Response.Headers;
            headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
            headers["Lambda-Runtime-Deadline-Ms"] = deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            headers["Lambda-Runtime-Invoked-Function-Arn"] = _options.FunctionArn;
            headers["Lambda-Runtime-Trace-Id"] = invocation.TraceId;
            await RespondAsync(context, 200, invocation.Payload).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The function that asked went away (killed, restarted): the event waits for the next one that asks.
            invocation.TimeoutTimer?.Dispose();
            _queue.Writer.TryWrite(invocation);
            throw;
        }
    }

    private async Task CompleteAsync(HttpContext context, string requestId, InvocationOutcome outcome)
    {
        byte[]? body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (!_pending.TryGetValue(requestId, out var invocation))
        {
            await RespondAsync(context, 400, "{\"errorMessage\":\"Unknown request id\",\"errorType\":\"InvalidRequestID\"}").ConfigureAwait(false);
            return;
        }

        if (body is null)
        {
            // Lambda fails the invocation and tells the caller why; the function learns it from the 413.
            string message = string.Create(CultureInfo.InvariantCulture,
                $"Response payload size exceeded maximum allowed payload size ({_options.MaxResponseBytes} bytes).");
            invocation.Complete(InvocationOutcome.Error, Encoding.UTF8.GetBytes($"{{\"errorMessage\":\"{message}\",\"errorType\":\"Function.ResponseSizeTooLarge\"}}"), "Function.ResponseSizeTooLarge");
            await RespondAsync(context, 413, $"{{\"errorMessage\":\"{message}\",\"errorType\":\"RequestEntityTooLarge\"}}").ConfigureAwait(false);
            return;
        }

        invocation.Complete(outcome, body, ErrorType(context));
        await RespondAsync(context, 202, "{\"status\":\"OK\"}").ConfigureAwait(false);
    }

    private async Task ReceiveInitErrorAsync(HttpContext context)
    {
        byte[]? body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (body is null)
        {
            await RespondAsync(context, 413, "{\"errorMessage\":\"The init error is too large.\",\"errorType\":\"RequestEntityTooLarge\"}").ConfigureAwait(false);
            return;
        }

        string? errorType = ErrorType(context);
        _initError.TrySetResult(new InvocationResult(string.Empty, string.Empty, InvocationOutcome.InitError, body, errorType));

        // Lambda fails every invocation of an environment that could not start.
        foreach (PendingInvocation invocation in _pending.Values)
        {
            invocation.Complete(InvocationOutcome.InitError, body, errorType);
        }

        await RespondAsync(context, 202, "{\"status\":\"OK\"}").ConfigureAwait(false);
    }

    private static string? ErrorType(HttpContext context) =>
        context.Request.Headers.TryGetValue("Lambda-Runtime-Function-Error-Type", out var value) ? value.ToString() : null;

    /// <summary>The request body, or null when it is larger than the emulator accepts.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        try
        {
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.ToArray();
    }

    private static Task RespondAsync(HttpContext context, int status, string body) =>
        RespondAsync(context, status, Encoding.UTF8.GetBytes(body));

    private static async Task RespondAsync(HttpContext context, int status, byte[] body)
    {
        HttpResponse response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        await response.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>Stops listening; invocations still waiting end as <see cref="InvocationOutcome.TimedOut"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _server.DisposeAsync().ConfigureAwait(false);
        foreach (PendingInvocation invocation in _pending.Values)
        {
            invocation.Complete(InvocationOutcome.TimedOut, [], null);
        }

        _stopping.Dispose();
    }
}
