using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Neptune.Streams.Lambda.Hosting;

/// <summary>The Runtime API over HTTP (<c>http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/</c>).</summary>
internal sealed class RuntimeApiClient : IRuntimeApiClient, IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    // Lambda's error format (errorMessage, errorType, stackTrace) has its own media type; the Runtime API's OpenAPI
    // document and aws-lambda-dotnet's RuntimeSupport (InternalRuntimeApiClient.ErrorContentType) post errors with it.
    private static readonly MediaTypeHeaderValue ErrorJson = new("application/vnd.aws.lambda.error+json");
    private readonly HttpClient _http;

    /// <param name="runtimeApi"><c>host:port</c>, the value of <c>AWS_LAMBDA_RUNTIME_API</c>.</param>
    public RuntimeApiClient(string runtimeApi)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runtimeApi);
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };

        // /next is a long poll: it returns when the next event arrives, however long that takes.
        _http = new HttpClient(handler)
        {
            BaseAddress = new Uri($"http://{runtimeApi}/2018-06-01/runtime/", UriKind.Absolute),
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<RuntimeInvocation> GetNextInvocationAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(new Uri("invocation/next", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        byte[] payload = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        string requestId = Header(response, RuntimeApiHeaders.RequestId)
            ?? throw new InvalidOperationException($"The Runtime API sent an invocation without {RuntimeApiHeaders.RequestId}.");
        DateTimeOffset? deadline = long.TryParse(Header(response, RuntimeApiHeaders.DeadlineMs), NumberStyles.None, CultureInfo.InvariantCulture, out long ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
        return new RuntimeInvocation(
            requestId, deadline, Header(response, RuntimeApiHeaders.InvokedFunctionArn), Header(response, RuntimeApiHeaders.TraceId), payload);
    }

    public async Task SendResponseAsync(string requestId, ReadOnlyMemory<byte> response, CancellationToken cancellationToken = default)
    {
        using var content = new ReadOnlyMemoryContent(response);
        content.Headers.ContentType = Json;
        await PostAsync($"invocation/{Uri.EscapeDataString(requestId)}/response", content, errorType: null, cancellationToken).ConfigureAwait(false);
    }

    public Task SendErrorAsync(string requestId, RuntimeError error, CancellationToken cancellationToken = default) =>
        PostErrorAsync($"invocation/{Uri.EscapeDataString(requestId)}/error", error, cancellationToken);

    public Task SendInitErrorAsync(RuntimeError error, CancellationToken cancellationToken = default) =>
        PostErrorAsync("init/error", error, cancellationToken);

    private async Task PostErrorAsync(string path, RuntimeError error, CancellationToken cancellationToken)
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(error, RuntimeJsonContext.Default.RuntimeError);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = ErrorJson;
        await PostAsync(path, content, error.Category, cancellationToken).ConfigureAwait(false);
    }

    private async Task PostAsync(string path, HttpContent content, string? errorType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content };
        if (errorType is not null)
        {
            request.Headers.TryAddWithoutValidation(RuntimeApiHeaders.FunctionErrorType, errorType);
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    public void Dispose() => _http.Dispose();
}
