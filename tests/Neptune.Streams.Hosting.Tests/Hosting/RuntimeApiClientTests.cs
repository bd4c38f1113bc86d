using System.Text;
using System.Text.Json;
using Neptune.Streams.Lambda.Hosting;
using Neptune.Streams.Local.RuntimeApi;
using Xunit;

namespace Neptune.Streams.Hosting.Tests.Hosting;

/// <summary>The Runtime API client against the emulator, in one process: the two sides of the same contract.</summary>
public sealed class RuntimeApiClientTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Next_returns_the_payload_with_request_id_deadline_function_arn_and_trace_header()
    {
        await using var emulator = RuntimeApiEmulator.Start(new RuntimeApiEmulatorOptions { FunctionArn = "arn:aws:lambda:eu-west-1:111122223333:function:f" });
        using var client = new RuntimeApiClient(emulator.RuntimeApi);
        using var patience = new CancellationTokenSource(Patience);
        var before = DateTimeOffset.UtcNow;

        Task<InvocationResult> invocation = emulator.InvokeAsync("{\"Records\":[]}", TimeSpan.FromMinutes(5), patience.Token);
        RuntimeInvocation next = await client.GetNextInvocationAsync(patience.Token);
        await client.SendResponseAsync(next.RequestId, Encoding.UTF8.GetBytes("{\"batchItemFailures\":[]}"), patience.Token);
        InvocationResult result = await invocation;

        Assert.Equal("{\"Records\":[]}", Encoding.UTF8.GetString(next.Payload));
        Assert.Equal(result.RequestId, next.RequestId);
        Assert.Equal(result.TraceId, next.TraceId);
        Assert.StartsWith("Root=1-", next.TraceId, StringComparison.Ordinal);
        Assert.Equal("arn:aws:lambda:eu-west-1:111122223333:function:f", next.InvokedFunctionArn);
        Assert.NotNull(next.Deadline);
        Assert.InRange(next.Deadline.Value, before.AddMinutes(4), before.AddMinutes(6));
        Assert.Equal(InvocationOutcome.Response, result.Outcome);
        Assert.Equal("{\"batchItemFailures\":[]}", result.BodyText);
    }

    [Fact]
    public async Task An_invocation_error_carries_the_error_type_header_and_the_errorMessage_errorType_stackTrace_body()
    {
        await using var emulator = RuntimeApiEmulator.Start();
        using var client = new RuntimeApiClient(emulator.RuntimeApi);
        using var patience = new CancellationTokenSource(Patience);

        Task<InvocationResult> invocation = emulator.InvokeAsync("{}", TimeSpan.FromMinutes(5), patience.Token);
        RuntimeInvocation next = await client.GetNextInvocationAsync(patience.Token);
        await client.SendErrorAsync(next.RequestId, RuntimeError.From(Thrown(), RuntimeErrorCategories.Unhandled), patience.Token);
        InvocationResult result = await invocation;

        Assert.Equal(InvocationOutcome.Error, result.Outcome);
        Assert.Equal("Runtime.UnhandledException", result.ErrorType);
        using var body = JsonDocument.Parse(result.BodyText);
        Assert.Equal("Broken on purpose", body.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal("InvalidOperationException", body.RootElement.GetProperty("errorType").GetString());
        Assert.Contains(body.RootElement.GetProperty("stackTrace").EnumerateArray(), f => f.GetString()!.Contains(nameof(Thrown), StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_init_error_completes_the_emulators_InitError_and_fails_queued_invocations()
    {
        await using var emulator = RuntimeApiEmulator.Start();
        using var client = new RuntimeApiClient(emulator.RuntimeApi);
        using var patience = new CancellationTokenSource(Patience);
        Task<InvocationResult> queued = emulator.InvokeAsync("{}", TimeSpan.FromMinutes(5), patience.Token);

        await client.SendInitErrorAsync(RuntimeError.From(Thrown(), RuntimeErrorCategories.InitError), patience.Token);

        InvocationResult initError = await emulator.InitError.WaitAsync(patience.Token);
        Assert.Equal("Runtime.InitError", initError.ErrorType);
        Assert.Equal(InvocationOutcome.InitError, (await queued).Outcome);
        Assert.Equal(InvocationOutcome.InitError, (await emulator.InvokeAsync("{}", TimeSpan.FromMinutes(5), patience.Token)).Outcome);
    }

    [Fact]
    public async Task A_response_for_an_unknown_request_id_is_refused()
    {
        await using var emulator = RuntimeApiEmulator.Start();
        using var client = new RuntimeApiClient(emulator.RuntimeApi);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendResponseAsync("no-such-request", "{}"u8.ToArray()));
    }

    [Fact]
    public async Task Bootstrap_without_AWS_LAMBDA_RUNTIME_API_says_what_to_set()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => LambdaBootstrap.RunAsync(() => throw new InvalidOperationException("not reached"), new EmptyEnvironment(), client: null, CancellationToken.None));

        Assert.Contains("AWS_LAMBDA_RUNTIME_API", error.Message, StringComparison.Ordinal);
    }

    private static InvalidOperationException Thrown()
    {
        try
        {
            throw new InvalidOperationException("Broken on purpose");
        }
        catch (InvalidOperationException ex)
        {
            return ex;
        }
    }

    private sealed class EmptyEnvironment : ILambdaEnvironment
    {
        public string? Get(string name) => null;

        public void Set(string name, string? value)
        {
        }
    }
}
