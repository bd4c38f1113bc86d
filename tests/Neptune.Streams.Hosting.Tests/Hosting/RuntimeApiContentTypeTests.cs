using System.Collections.Concurrent;
using Neptune.Streams.Lambda.Hosting;
using Neptune.Streams.TestSupport;
using Xunit;
using Neptune.Streams.Local.Http;

namespace Neptune.Streams.Hosting.Tests.Hosting;

/// <summary>
/// What the client puts on the wire, read by a bare HTTP server (Kestrel on a port the OS picks): errors in Lambda's documented error media type
/// (<c>application/vnd.aws.lambda.error+json</c>), responses as <c>application/json</c>.
/// </summary>
public sealed class RuntimeApiContentTypeTests
{
    [Fact]
    public async Task Invocation_and_init_errors_are_posted_as_lambda_error_json_and_responses_as_json()
    {
        var seen = new ConcurrentQueue<string>();
        await using var server = LoopbackHttpServer.Start(context =>
        {
            seen.Enqueue($"{context.Request.Path} {context.Request.ContentType}");
            context.Response.StatusCode = 202;
            return Task.CompletedTask;
        });
        using var client = new RuntimeApiClient($"127.0.0.1:{server.Port}");

        var error = RuntimeError.From(new InvalidOperationException("broken"), RuntimeErrorCategories.Unhandled);
        await client.SendErrorAsync("req-1", error);
        await client.SendInitErrorAsync(error);
        await client.SendResponseAsync("req-1", "{}"u8.ToArray());

        Assert.Equal(
            [
                "/2018-06-01/runtime/invocation/req-1/error application/vnd.aws.lambda.error+json",
                "/2018-06-01/runtime/init/error application/vnd.aws.lambda.error+json",
                "/2018-06-01/runtime/invocation/req-1/response application/json",
            ],
            seen);
    }
}
