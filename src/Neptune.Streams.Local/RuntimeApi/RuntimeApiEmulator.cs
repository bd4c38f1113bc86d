using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Neptune.Streams.Local.RuntimeApi;

/// <summary>
/// The Lambda Runtime API (2018-06-01) on a free 127.0.0.1 port: it serves queued events to a function process on
/// <c>/invocation/next</c> with Lambda's headers, and collects responses, errors and init errors. Point the function
/// at it with <c>AWS_LAMBDA_RUNTIME_API=</c><see cref="RuntimeApi"/>.
/// </summary>
/// <remarks>
/// One emulator is one Lambda execution environment: serve one function process with it. A process that is killed
/// while it waits on <c>/invocation/next</c> leaves that request open, and the next event may be written to it
/// unnoticed (it then ends as <see cref="InvocationOutcome.TimedOut"/>); start a new emulator for a new process.
/// </remarks>
public sealed class RuntimeApiEmulator : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01/runtime/";
    private readonly HttpListener _listener;
    private readonly RuntimeApiEmulatorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Channel<PendingInvocation> _queue = Channel.CreateUnbounded<PendingInvocation>();
    private readonly ConcurrentDictionary<string, PendingInvocation> _pending = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<InvocationResult> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;

    private RuntimeApiEmulator(HttpListener listener, int port, RuntimeApiEmulatorOptions options, TimeProvider timeProvider)
    {
        _listener = listener;
        _options = options;
        _timeProvider = timeProvider;
        Port = port;
        _accepting = AcceptAsync();
    }

    /// <summary>The port the emulator listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>The value for the function's <c>AWS_LAMBDA_RUNTIME_API</c> variable: <c>127.0.0.1:port</c>.</summary>
    public string RuntimeApi => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <summary>Completes when the function posts <c>/init/error</c>.</summary>
    public Task<InvocationResult> InitError => _initError.Task;

    /// <summary>Starts an emulator on a free 127.0.0.1 port.</summary>
    /// <param name="options">Its options; the defaults when null.</param>
    /// <param name="timeProvider">The clock for <c>Lambda-Runtime-Deadline-Ms</c> and timeouts; the system clock when null.</param>
    /// <exception cref="InvalidOperationException">No free port could be bound.</exception>
    public static RuntimeApiEmulator Start(RuntimeApiEmulatorOptions? options = null, TimeProvider? timeProvider = null)
    {
        for (int attempt = 0; ; attempt++)
        {
            int port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
            try
            {
                listener.Start();
                return new RuntimeApiEmulator(listener, port, options ?? new RuntimeApiEmulatorOptions(), timeProvider ?? TimeProvider.System);
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                // Another process took the port between the probe and the bind; try another.
                ((IDisposable)listener).Dispose();
            }
        }
    }

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

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        HttpListenerResponse response = context.Response;
        try
        {
            string path = context.Request.Url?.AbsolutePath ?? string.Empty;
            string method = context.Request.HttpMethod;
            if (!path.StartsWith(Prefix, StringComparison.Ordinal))
            {
                await RespondAsync(response, 404, "{\"errorMessage\":\"Unknown path\",\"errorType\":\"InvalidRequest\"}").ConfigureAwait(false);
                return;
            }

            string[] parts = path[Prefix.Length..].Split('/');
            switch (method, parts)
            {
                case ("GET", ["invocation", "next"]):
                    await ServeNextAsync(response).ConfigureAwait(false);
                    break;
                case ("POST", ["invocation", var id, "response"]):
                    await CompleteAsync(context, Uri.UnescapeDataString(id), InvocationOutcome.Response).ConfigureAwait(false);
                    break;
                case ("POST", ["invocation", var id, "error"]):
                    await CompleteAsync(context, Uri.UnescapeDataString(id), InvocationOutcome.Error).ConfigureAwait(false);
                    break;
                case ("POST", ["init", "error"]):
                    await ReceiveInitErrorAsync(context).ConfigureAwait(false);
                    break;
                default:
                    await RespondAsync(response, 404, "{\"errorMessage\":\"Unknown path\",\"errorType\":\"InvalidRequest\"}").ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or IOException or OperationCanceledException)
        {
            // The function went away, or the emulator is stopping.
            response.Abort();
        }
    }

    private async Task ServeNextAsync(HttpListenerResponse response)
    {
        PendingInvocation invocation = await _queue.Reader.ReadAsync(_stopping.Token).ConfigureAwait(false);
        DateTimeOffset deadline = _timeProvider.GetUtcNow() + invocation.Timeout;
        invocation.TimeoutTimer = _timeProvider.CreateTimer(
            static state => ((PendingInvocation)state!).Complete(InvocationOutcome.TimedOut, [], null),
            invocation,
            invocation.Timeout + _options.TimeoutGrace,
            Timeout.InfiniteTimeSpan);
        try
        {
            response.AddHeader("Lambda-Runtime-Aws-Request-Id", invocation.RequestId);
            response.AddHeader("Lambda-Runtime-Deadline-Ms", deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
            response.AddHeader("Lambda-Runtime-Invoked-Function-Arn", _options.FunctionArn);
            response.AddHeader("Lambda-Runtime-Trace-Id", invocation.TraceId);
            await RespondAsync(response, 200, invocation.Payload).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The function that asked went away (killed, restarted): the event waits for the next one that asks.
            invocation.TimeoutTimer?.Dispose();
            _queue.Writer.TryWrite(invocation);
            throw;
        }
    }

    private async Task CompleteAsync(HttpListenerContext context, string requestId, InvocationOutcome outcome)
    {
        byte[] body = await ReadBodyAsync(context.Request).ConfigureAwait(false);
        if (!_pending.TryGetValue(requestId, out var invocation))
        {
            await RespondAsync(context.Response, 400, "{\"errorMessage\":\"Unknown request id\",\"errorType\":\"InvalidRequestID\"}").ConfigureAwait(false);
            return;
        }

        invocation.Complete(outcome, body, context.Request.Headers["Lambda-Runtime-Function-Error-Type"]);
        await RespondAsync(context.Response, 202, "{\"status\":\"OK\"}").ConfigureAwait(false);
    }

    private async Task ReceiveInitErrorAsync(HttpListenerContext context)
    {
        byte[] body = await ReadBodyAsync(context.Request).ConfigureAwait(false);
        string? errorType = context.Request.Headers["Lambda-Runtime-Function-Error-Type"];
        _initError.TrySetResult(new InvocationResult(string.Empty, string.Empty, InvocationOutcome.InitError, body, errorType));

        // Lambda fails every invocation of an environment that could not start.
        foreach (PendingInvocation invocation in _pending.Values)
        {
            invocation.Complete(InvocationOutcome.InitError, body, errorType);
        }

        await RespondAsync(context.Response, 202, "{\"status\":\"OK\"}").ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpListenerRequest request)
    {
        using var buffer = new MemoryStream();
        await request.InputStream.CopyToAsync(buffer).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static Task RespondAsync(HttpListenerResponse response, int status, string body) =>
        RespondAsync(response, status, Encoding.UTF8.GetBytes(body));

    private static async Task RespondAsync(HttpListenerResponse response, int status, byte[] body)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
        response.Close();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Stops listening; invocations still waiting end as <see cref="InvocationOutcome.TimedOut"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        _listener.Close();
        await _accepting.ConfigureAwait(false);
        foreach (PendingInvocation invocation in _pending.Values)
        {
            invocation.Complete(InvocationOutcome.TimedOut, [], null);
        }

        _stopping.Dispose();
    }
}
