using System.Net;
using System.Text.Json;
using Neptune.Streams.Lambda.Hosting;
using Neptune.Streams.Local.RuntimeApi;
using Xunit;

namespace Neptune.Streams.Hosting.Tests.Hosting;

/// <summary>The emulator reads what a function posts only up to Lambda's response limit, and binds its own port.</summary>
public sealed class RuntimeApiEmulatorLimitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    [Fact]
    public void The_default_response_limit_is_Lambdas_6_MiB()
    {
        Assert.Equal(6 * 1024 * 1024, new RuntimeApiEmulatorOptions().MaxResponseBytes);
    }

    [Fact]
    public async Task A_response_of_exactly_the_limit_is_accepted()
    {
        await using var emulator = RuntimeApiEmulator.Start();
        (HttpStatusCode status, InvocationResult result) = await RespondAsync(emulator, (int)new RuntimeApiEmulatorOptions().MaxResponseBytes);

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(InvocationOutcome.Response, result.Outcome);
        Assert.Equal(6 * 1024 * 1024, result.Body.Length);
    }

    [Fact]
    public async Task A_response_one_byte_past_the_limit_is_refused_with_413_and_fails_the_invocation_as_ResponseSizeTooLarge()
    {
        await using var emulator = RuntimeApiEmulator.Start();
        (HttpStatusCode status, InvocationResult result) = await RespondAsync(emulator, (int)new RuntimeApiEmulatorOptions().MaxResponseBytes + 1);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal(InvocationOutcome.Error, result.Outcome);
        Assert.Equal("Function.ResponseSizeTooLarge", result.ErrorType);
        using JsonDocument body = JsonDocument.Parse(result.BodyText);
        Assert.Contains("6291456 bytes", body.RootElement.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Emulators_started_at_once_each_listen_on_their_own_port()
    {
        RuntimeApiEmulator[] emulators = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => RuntimeApiEmulator.Start())));
        try
        {
            Assert.Equal(emulators.Length, emulators.Select(e => e.Port).Distinct().Count());
            using var patience = new CancellationTokenSource(Patience);
            foreach (RuntimeApiEmulator emulator in emulators)
            {
                using var client = new RuntimeApiClient(emulator.RuntimeApi);
                Task<InvocationResult> invocation = emulator.InvokeAsync("{}", TimeSpan.FromMinutes(5), patience.Token);
                RuntimeInvocation next = await client.GetNextInvocationAsync(patience.Token);
                await client.SendResponseAsync(next.RequestId, "{\"port\":1}"u8.ToArray(), patience.Token);
                Assert.Equal(InvocationOutcome.Response, (await invocation).Outcome);
            }
        }
        finally
        {
            foreach (RuntimeApiEmulator emulator in emulators)
            {
                await emulator.DisposeAsync();
            }
        }
    }

    private static async Task<(HttpStatusCode Status, InvocationResult Result)> RespondAsync(RuntimeApiEmulator emulator, int size)
    {
        using var client = new RuntimeApiClient(emulator.RuntimeApi);
        using var http = new HttpClient();
        using var patience = new CancellationTokenSource(Patience);
        Task<InvocationResult> invocation = emulator.InvokeAsync("{}", TimeSpan.FromMinutes(5), patience.Token);
        RuntimeInvocation next = await client.GetNextInvocationAsync(patience.Token);
        byte[] body = new byte[size];
        body.AsSpan().Fill((byte)' ');
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://{emulator.RuntimeApi}/2018-06-01/runtime/invocation/{next.RequestId}/response"))
        {
            Content = new ByteArrayContent(body),
        };

        // With "Expect: 100-continue" the answer to an oversized body comes before the body is sent, as a function's
        // client would see it; without, the server closes the connection while the body is still being written.
        request.Headers.ExpectContinue = true;
        using HttpResponseMessage response = await http.SendAsync(request, patience.Token);
        return (response.StatusCode, await invocation);
    }
}
