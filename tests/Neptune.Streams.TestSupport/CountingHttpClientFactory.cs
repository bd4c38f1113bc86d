using Amazon.Runtime;

namespace Neptune.Streams.TestSupport;

/// <summary>Gives an AWS SDK client an HttpClient that counts every request it really sends (retries included).</summary>
public sealed class CountingHttpClientFactory : HttpClientFactory
{
    private int _requests;

    /// <summary>Requests sent so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Starts counting from zero.</summary>
    public void Reset() => Interlocked.Exchange(ref _requests, 0);

    /// <inheritdoc />
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(new CountingHandler(this) { InnerHandler = new SocketsHttpHandler() });

    /// <inheritdoc />
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    private sealed class CountingHandler(CountingHttpClientFactory owner) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref owner._requests);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
