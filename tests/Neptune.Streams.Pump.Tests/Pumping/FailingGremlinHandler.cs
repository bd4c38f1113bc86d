using System.Net;

namespace Neptune.Streams.Pump.Tests.Pumping;

/// <summary>In front of the real local endpoint: answers the first <c>failures</c> label look-ups (<c>POST /gremlin</c>) with a 503.</summary>
internal sealed class FailingGremlinHandler(int failures) : DelegatingHandler(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.GZip })
{
    private int _failuresLeft = failures;

    public int LookUps { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/gremlin", StringComparison.Ordinal))
        {
            LookUps++;
            if (_failuresLeft-- > 0)
            {
                return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
                {
                    Content = new StringContent("{\"code\":\"ThrottlingException\",\"detailedMessage\":\"busy\"}"),
                };
            }
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
