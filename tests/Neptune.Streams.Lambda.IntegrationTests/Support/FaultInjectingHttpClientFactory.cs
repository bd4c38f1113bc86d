using System.Net;
using System.Text;
using Amazon.Runtime;

namespace Neptune.Streams.Lambda.IntegrationTests.Support;

/// <summary>
/// Gives an AWS SDK client an HttpClient that answers the first <c>failures</c> requests for one DynamoDB operation
/// with a DynamoDB error (as the service would) and sends everything else to the real server.
/// </summary>
internal sealed class FaultInjectingHttpClientFactory(string operation, int failures, HttpStatusCode status, string errorType) : HttpClientFactory
{
    private readonly string _operation = operation;
    private readonly HttpStatusCode _status = status;
    private readonly string _errorType = errorType;
    private int _left = failures;
    private int _attempts;

    /// <summary>Requests for the operation, failed or not.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(new FaultHandler(this) { InnerHandler = new SocketsHttpHandler() });

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    private sealed class FaultHandler(FaultInjectingHttpClientFactory owner) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            bool matches = request.Headers.TryGetValues("X-Amz-Target", out var targets)
                && targets.Any(t => t.EndsWith("." + owner._operation, StringComparison.Ordinal));
            if (!matches)
            {
                return base.SendAsync(request, cancellationToken);
            }

            Interlocked.Increment(ref owner._attempts);
            if (Interlocked.Decrement(ref owner._left) < 0)
            {
                return base.SendAsync(request, cancellationToken);
            }

            var response = new HttpResponseMessage(owner._status)
            {
                RequestMessage = request,
                Content = new StringContent(
                    $"{{\"__type\":\"com.amazonaws.dynamodb.v20120810#{owner._errorType}\",\"message\":\"injected by the test\"}}",
                    Encoding.UTF8,
                    "application/x-amz-json-1.0"),
            };
            response.Headers.Add("x-amzn-RequestId", Guid.NewGuid().ToString());
            return Task.FromResult(response);
        }
    }
}
