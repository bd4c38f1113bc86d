using System.Net;
using System.Text;
using Amazon.Runtime;

namespace Neptune.Streams.Chaos;

/// <summary>
/// The HTTP layer of the function's AWS clients: answers a random share of DynamoDB and SQS requests with a 500
/// InternalServerError or a 400 ThrottlingException, as the services would, without sending them on.
/// </summary>
public sealed class FaultInjectingHttpClientFactory(ChaosWorld world) : HttpClientFactory
{
    /// <inheritdoc />
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(new FaultHandler(world) { InnerHandler = new SocketsHttpHandler() });

    /// <inheritdoc />
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    private sealed class FaultHandler(ChaosWorld world) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!world.Random.Chance(world.Options.AwsFaultRate))
            {
                return base.SendAsync(request, cancellationToken);
            }

            world.Counters.AwsFault();
            bool throttle = world.Random.NextDouble() < 0.5;
            bool sqs = request.Headers.TryGetValues("X-Amz-Target", out var targets) && targets.Any(t => t.StartsWith("AmazonSQS.", StringComparison.Ordinal));
            string type = throttle ? "ThrottlingException" : "InternalServerError";
            string body = $"{{\"__type\":\"{(sqs ? "com.amazonaws.sqs" : "com.amazonaws.dynamodb.v20120810")}#{type}\",\"message\":\"injected by the chaos run\"}}";
            var response = new HttpResponseMessage(throttle ? HttpStatusCode.BadRequest : HttpStatusCode.InternalServerError)
            {
                RequestMessage = request,
                Content = new StringContent(body, Encoding.UTF8, "application/x-amz-json-1.0"),
            };
            response.Headers.Add("x-amzn-RequestId", Guid.NewGuid().ToString());
            if (sqs)
            {
                response.Headers.Add("x-amzn-query-error", $"{type};{(throttle ? "Sender" : "Receiver")}");
            }

            return Task.FromResult(response);
        }
    }
}
