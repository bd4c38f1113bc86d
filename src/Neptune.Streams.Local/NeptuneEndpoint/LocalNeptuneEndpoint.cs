using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Neptune.Streams.Local.NeptuneEndpoint;

/// <summary>
/// Serves a <see cref="LocalGraph"/>'s stream on 127.0.0.1 exactly as Neptune's stream API does:
/// <c>GET /propertygraph/stream</c> (also <c>/pg/stream</c>, <c>/gremlin/stream</c>) and <c>GET /sparql/stream</c>, with
/// <c>limit</c>, <c>iteratorType</c>, <c>commitNum</c>, <c>opNum</c>, gzip, and Neptune's error bodies and statuses. It also
/// answers the pump's label look-up (<c>POST /gremlin</c>) and its snapshot queries (<c>POST /openCypher</c>). The official <c>neptunedata</c> clients read it unchanged.
/// </summary>
public sealed class LocalNeptuneEndpoint : IAsyncDisposable
{
    private readonly LocalGraph _graph;
    private readonly HttpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private LocalNeptuneEndpoint(LocalGraph graph, HttpListener listener, int port)
    {
        _graph = graph;
        _listener = listener;
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The base address, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>The graph served.</summary>
    public LocalGraph Graph => _graph;

    /// <summary>Starts serving <paramref name="graph"/> on a free 127.0.0.1 port.</summary>
    /// <exception cref="InvalidOperationException">No port could be bound.</exception>
    public static LocalNeptuneEndpoint Start(LocalGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        for (int attempt = 0; ; attempt++)
        {
            int port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new LocalNeptuneEndpoint(graph, listener, port);
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                // Another process took the port between probing and binding: try another.
                listener.Close();
            }
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
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

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        HttpListenerResponse response = context.Response;
        try
        {
            string path = context.Request.Url?.AbsolutePath.TrimEnd('/') ?? string.Empty;
            string requestId = Guid.NewGuid().ToString();
            response.Headers["x-amzn-RequestId"] = requestId;
            string? format = path switch
            {
                "/propertygraph/stream" or "/pg/stream" => "PG_JSON",
                "/gremlin/stream" => "GREMLIN_JSON",
                "/sparql/stream" => "NQUADS",
                _ => null,
            };
            if (format is not null)
            {
                await ServeStreamAsync(context, format, requestId).ConfigureAwait(false);
            }
            else if (path == "/gremlin")
            {
                await ServeGremlinAsync(context, requestId).ConfigureAwait(false);
            }
            else if (path.Equals("/openCypher", StringComparison.OrdinalIgnoreCase))
            {
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body).ConfigureAwait(false);
                var (status, answer) = OpenCypherQueryHandler.Answer(
                    _graph, context.Request.ContentType, body.ToArray(), context.Request.Url?.Query.TrimStart('?'), requestId);
                await WriteAsync(context, status, answer).ConfigureAwait(false);
            }
            else
            {
                await WriteAsync(context, 404, StreamPageWriter.WriteError(new StreamError(404, "InvalidParameterException", $"Unknown path '{path}'."), requestId)).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away; nothing to answer.
        }
        finally
        {
            response.Close();
        }
    }

    private async Task ServeStreamAsync(HttpListenerContext context, string format, string requestId)
    {
        StreamError? error = null;
        StreamReadResult? result = null;
        if (context.Request.HttpMethod != "GET")
        {
            error = StreamError.MethodNotAllowed();
        }
        else if (!_graph.StreamsEnabled)
        {
            error = StreamError.StreamsDisabled();
        }
        else
        {
            error = StreamRequestParser.Parse(context.Request.QueryString, out var iteratorType, out long commitNum, out long opNum, out int limit);
            if (error is null)
            {
                result = _graph.Log.Read(format == "NQUADS", iteratorType, commitNum, opNum, limit);
                error = result.Error;
            }
        }

        if (error is not null)
        {
            context.Response.Headers["x-amzn-ErrorType"] = error.Code;
            await WriteAsync(context, error.HttpStatus, StreamPageWriter.WriteError(error, requestId)).ConfigureAwait(false);
            return;
        }

        await WriteAsync(context, 200, StreamPageWriter.WritePage(result!, format)).ConfigureAwait(false);
    }

    private async Task ServeGremlinAsync(HttpListenerContext context, string requestId)
    {
        string? query = context.Request.QueryString["gremlin"];
        if (context.Request.HttpMethod == "POST")
        {
            try
            {
                using JsonDocument body = await JsonDocument.ParseAsync(context.Request.InputStream).ConfigureAwait(false);
                query = body.RootElement.TryGetProperty("gremlin", out var g) && g.ValueKind == JsonValueKind.String ? g.GetString() : null;
            }
            catch (JsonException)
            {
                query = null;
            }
        }

        byte[]? answer = query is null ? null : GremlinLabelLookup.Answer(_graph, query, requestId);
        if (answer is null)
        {
            var error = new StreamError(400, "MalformedQueryException", "The local endpoint answers only the pump's label look-up queries.");
            context.Response.Headers["x-amzn-ErrorType"] = error.Code;
            await WriteAsync(context, 400, StreamPageWriter.WriteError(error, requestId)).ConfigureAwait(false);
            return;
        }

        await WriteAsync(context, 200, answer).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpListenerContext context, int status, byte[] body)
    {
        HttpListenerResponse response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json;charset=UTF-8";
        string acceptEncoding = context.Request.Headers["Accept-Encoding"] ?? string.Empty;
        bool gzip = acceptEncoding.Contains("gzip", StringComparison.OrdinalIgnoreCase)
            || string.Equals(context.Request.QueryString["encoding"], "gzip", StringComparison.OrdinalIgnoreCase);
        if (gzip && status == 200)
        {
            var compressed = new MemoryStream();
            using (var zip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                zip.Write(body);
            }

            body = compressed.ToArray();
            response.Headers["Content-Encoding"] = "gzip";
        }

        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
    }

    /// <summary>Stops serving.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Close();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }
}
