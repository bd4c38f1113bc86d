using System.Net;
using Amazon.Runtime;

namespace Neptune.Streams.Pump.Tests.State;

/// <summary>
/// The HTTP layer of a DynamoDB client on moto that answers the first <c>failures</c> TransactWriteItems requests with
/// the 500 moto gives when another request writes while it copies the table (then passes everything on).
/// </summary>
internal sealed class FailingTransactionsHttpClientFactory(int failures) : HttpClientFactory
{
    private readonly int _failures = failures;
    private int _left = failures;

    public int Failed => _failures - Math.Max(0, Volatile.Read(ref _left));

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(new Handler(this) { InnerHandler = new SocketsHttpHandler() });

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    private sealed class Handler(FailingTransactionsHttpClientFactory owner) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Headers.TryGetValues("X-Amz-Target", out IEnumerable<string>? targets)
                && targets.Any(t => t.EndsWith(".TransactWriteItems", StringComparison.Ordinal))
                && Interlocked.Decrement(ref owner._left) >= 0)
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError)
                {
                    RequestMessage = request,
                    Content = new StringContent("<!doctype html>\n<title>500 Internal Server Error</title>", System.Text.Encoding.UTF8, "text/html"),
                });
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
