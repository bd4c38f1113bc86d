using System.Net;

namespace Neptune.Streams.Chaos;

/// <summary>
/// The pump's HTTP layer to Neptune: now and then a label look-up (<c>POST /gremlin</c>) is answered with a 500, as a
/// busy or failing-over cluster answers. Stream reads pass through untouched.
/// </summary>
internal sealed class FaultyLabelLookUpHandler(ChaosWorld world) : DelegatingHandler(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.GZip })
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Post
            && request.RequestUri?.AbsolutePath.EndsWith("/gremlin", StringComparison.Ordinal) == true
            && world.Random.Chance(world.Options.LabelFaultRate))
        {
            world.Counters.LabelFault();
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError)
            {
                RequestMessage = request,
                Content = new StringContent("""{"code":"InternalFailureException","detailedMessage":"injected"}"""),
            });
        }

        return base.SendAsync(request, cancellationToken);
    }
}
