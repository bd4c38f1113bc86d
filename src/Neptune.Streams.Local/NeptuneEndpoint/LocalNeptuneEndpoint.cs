using System.IO.Compression;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Neptune.Streams.Local.Http;

namespace Neptune.Streams.Local.NeptuneEndpoint;

/// <summary>
/// Serves a <see cref="LocalGraph"/>'s stream on 127.0.0.1 exactly as Neptune's stream API does:
/// <c>GET /propertygraph/stream</c> (also <c>/pg/stream</c>, <c>/gremlin/stream</c>) and <c>GET /sparql/stream</c>, with
/// <c>limit</c>, <c>iteratorType</c>, <c>commitNum</c>, <c>opNum</c>, gzip, and Neptune's error bodies and statuses. It also
/// answers the pump's label look-up (<c>POST /gremlin</c>) and its snapshot queries (<c>POST /openCypher</c>). The official <c>neptunedata</c> clients read it unchanged.
/// </summary>
/// <remarks>
/// It listens on a port the operating system picks while binding (so endpoints started at once never race for one),
/// and refuses request bodies over <see cref="MaxRequestBodyBytes"/> with 413.
/// </remarks>
public sealed class LocalNeptuneEndpoint : IAsyncDisposable
{
    /// <summary>The largest request body the endpoint reads: 1 MiB (a label look-up is a few hundred bytes).</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    private readonly LocalGraph _graph;
    private readonly LoopbackHttpServer _server;

    private LocalNeptuneEndpoint(LocalGraph graph)
    {
        _graph = graph;
        _server = LoopbackHttpServer.Start(HandleAsync, MaxRequestBodyBytes);
    }

    /// <summary>The base address, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri Endpoint => _server.Address;

    /// <summary>The graph served.</summary>
    public LocalGraph Graph => _graph;

    /// <summary>Starts serving <paramref name="graph"/> on a free 127.0.0.1 port.</summary>
    /// <exception cref="IOException">127.0.0.1 could not be bound.</exception>
    public static LocalNeptuneEndpoint Start(LocalGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return new LocalNeptuneEndpoint(graph);
    }

    /// <summary>Every route the endpoint answers, in one place.</summary>
    private Task RouteAsync(HttpContext context, string path, string requestId) => path switch
    {
        "/propertygraph/stream" or "/pg/stream" => ServeStreamAsync(context, "PG_JSON", requestId),
        "/gremlin/stream" => ServeStreamAsync(context, "GREMLIN_JSON", requestId),
        "/sparql/stream" => ServeStreamAsync(context, "NQUADS", requestId),
        "/gremlin" => ServeGremlinAsync(context, requestId),
        "/openCypher" or "/opencypher" => ServeOpenCypherAsync(context, requestId),
        _ => WriteErrorAsync(context, new StreamError(404, "InvalidParameterException", $"Unknown path '{path}'."), requestId),
    };

    private async Task HandleAsync(HttpContext context)
    {
        string path = context.Request.Path.Value?.TrimEnd('/') ?? string.Empty;
        string requestId = Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        try
        {
            await RouteAsync(context, path, requestId).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            await WriteErrorAsync(context, StreamError.RequestTooLarge(MaxRequestBodyBytes), requestId).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // The client went away; nothing to answer.
        }
    }

    private async Task ServeStreamAsync(HttpContext context, string format, string requestId)
    {
        StreamError? error = null;
        StreamReadResult? result = null;
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            error = StreamError.MethodNotAllowed();
        }
        else if (!_graph.StreamsEnabled)
        {
            error = StreamError.StreamsDisabled();
        }
        else
        {
            error = StreamRequestParser.Parse(context.Request.Query, out var iteratorType, out long commitNum, out long opNum, out int limit);
            if (error is null)
            {
                result = _graph.Log.Read(format == "NQUADS", iteratorType, commitNum, opNum, limit);
                error = result.Error;
            }
        }

        if (error is not null)
        {
            await WriteErrorAsync(context, error, requestId).ConfigureAwait(false);
            return;
        }

        using PooledBufferWriter page = StreamPageWriter.WritePage(result!, format);
        await WriteAsync(context, 200, page.WrittenMemory).ConfigureAwait(false);
    }

    private async Task ServeGremlinAsync(HttpContext context, string requestId)
    {
        string? query = context.Request.Query["gremlin"];
        if (HttpMethods.IsPost(context.Request.Method))
        {
            try
            {
                using JsonDocument body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
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
            await WriteErrorAsync(context, new StreamError(400, "MalformedQueryException", "The local endpoint answers only the pump's label look-up queries."), requestId).ConfigureAwait(false);
            return;
        }

        await WriteAsync(context, 200, answer).ConfigureAwait(false);
    }

    private async Task ServeOpenCypherAsync(HttpContext context, string requestId)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
        var (status, answer) = OpenCypherQueryHandler.Answer(
            _graph, context.Request.ContentType, body.ToArray(), context.Request.QueryString.Value?.TrimStart('?'), requestId);
        await WriteAsync(context, status, answer).ConfigureAwait(false);
    }

    private static Task WriteErrorAsync(HttpContext context, StreamError error, string requestId)
    {
        context.Response.Headers["x-amzn-ErrorType"] = error.Code;
        return WriteAsync(context, error.HttpStatus, StreamPageWriter.WriteError(error, requestId));
    }

    private static async Task WriteAsync(HttpContext context, int status, ReadOnlyMemory<byte> body)
    {
        HttpResponse response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json;charset=UTF-8";
        string acceptEncoding = context.Request.Headers.AcceptEncoding.ToString();
        bool gzip = acceptEncoding.Contains("gzip", StringComparison.OrdinalIgnoreCase)
            || string.Equals(context.Request.Query["encoding"], "gzip", StringComparison.OrdinalIgnoreCase);
        if (gzip && status == 200)
        {
            // Compressed straight onto the response, without a Content-Length (chunked): no compressed copy of the page.
            response.Headers.ContentEncoding = "gzip";
            await using var zip = new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true);
            await zip.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Stops serving.</summary>
    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
