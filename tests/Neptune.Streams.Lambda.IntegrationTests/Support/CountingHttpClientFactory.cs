using Amazon.Runtime;

namespace Neptune.Streams.Lambda.IntegrationTests.Support;

/// <summary>Gives an AWS SDK client an HttpClient that counts every request it really sends (retries included).</summary>
internal sealed class CountingHttpClientFactory : HttpClientFactory
{
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    public void Reset() => Interlocked.Exchange(ref _requests, 0);

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(new CountingHandler(this) { InnerHandler = new SocketsHttpHandler() });

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
