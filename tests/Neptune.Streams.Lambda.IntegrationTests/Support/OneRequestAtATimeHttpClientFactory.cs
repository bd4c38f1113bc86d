using Amazon.Runtime;

namespace Neptune.Streams.Lambda.IntegrationTests.Support;

/// <summary>
/// Gives an AWS SDK client an HttpClient that lets one request reach the server at a time. moto_server answers
/// requests on threads without a lock per table, so two concurrent conditional writes can both see the condition hold
/// (DynamoDB evaluates a condition and writes atomically). Serialising the requests keeps what a test of concurrent
/// callers proves about the code: each caller's requests still interleave with the others', so a read-then-write claim
/// would still let several callers win, while one conditional write lets exactly one.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A SemaphoreSlim whose wait handle is never asked for holds nothing to dispose.")]
internal sealed class OneRequestAtATimeHttpClientFactory : HttpClientFactory
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <inheritdoc />
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(new GateHandler(_gate) { InnerHandler = new SocketsHttpHandler() });

    /// <inheritdoc />
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    private sealed class GateHandler(SemaphoreSlim gate) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
                return response;
            }
            finally
            {
                gate.Release();
            }
        }
    }
}
