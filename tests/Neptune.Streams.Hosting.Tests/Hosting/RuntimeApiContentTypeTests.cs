using System.Net;
using Neptune.Streams.Lambda.Hosting;
using Xunit;

namespace Neptune.Streams.Hosting.Tests.Hosting;

/// <summary>
/// What the client puts on the wire, read by a bare HTTP listener: errors in Lambda's documented error media type
/// (<c>application/vnd.aws.lambda.error+json</c>), responses as <c>application/json</c>.
/// </summary>
public sealed class RuntimeApiContentTypeTests
{
    [Fact]
    public async Task Invocation_and_init_errors_are_posted_as_lambda_error_json_and_responses_as_json()
    {
        int port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        using var client = new RuntimeApiClient($"127.0.0.1:{port}");
        var seen = new List<string>();

        Task server = Task.Run(async () =>
        {
            for (int i = 0; i < 3; i++)
            {
                HttpListenerContext context = await listener.GetContextAsync();
                seen.Add($"{context.Request.Url!.AbsolutePath} {context.Request.ContentType}");
                context.Response.StatusCode = 202;
                context.Response.Close();
            }
        });

        var error = RuntimeError.From(new InvalidOperationException("broken"), RuntimeErrorCategories.Unhandled);
        await client.SendErrorAsync("req-1", error);
        await client.SendInitErrorAsync(error);
        await client.SendResponseAsync("req-1", "{}"u8.ToArray());
        await server.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(
            [
                "/2018-06-01/runtime/invocation/req-1/error application/vnd.aws.lambda.error+json",
                "/2018-06-01/runtime/init/error application/vnd.aws.lambda.error+json",
                "/2018-06-01/runtime/invocation/req-1/response application/json",
            ],
            seen);
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
