using Neptune.Streams.Lambda.Hosting;

namespace Neptune.Streams.Hosting.Tests.Hosting;

/// <summary>An in-memory Runtime API: records what the loop sends.</summary>
internal sealed class RecordingRuntimeApiClient : IRuntimeApiClient
{
    public List<(string RequestId, byte[] Body)> Responses { get; } = [];

    public List<(string RequestId, RuntimeError Error)> Errors { get; } = [];

    public Task<RuntimeInvocation> GetNextInvocationAsync(CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The tests hand invocations to the loop directly.");

    public Task SendResponseAsync(string requestId, ReadOnlyMemory<byte> response, CancellationToken cancellationToken = default)
    {
        Responses.Add((requestId, response.ToArray()));
        return Task.CompletedTask;
    }

    public Task SendErrorAsync(string requestId, RuntimeError error, CancellationToken cancellationToken = default)
    {
        Errors.Add((requestId, error));
        return Task.CompletedTask;
    }

    public Task SendInitErrorAsync(RuntimeError error, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
