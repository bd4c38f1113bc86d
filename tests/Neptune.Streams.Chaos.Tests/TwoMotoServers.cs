using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Chaos.Tests;

/// <summary>
/// Two moto_servers, one for DynamoDB and SQS and one for Kinesis, so the load spreads over two processes. xUnit 2 stops
/// a class fixture through <see cref="IAsyncLifetime"/> (it does not call <see cref="IAsyncDisposable"/>), so both are here.
/// </summary>
public sealed class TwoMotoServers : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>DynamoDB (checkpoints, idempotency, the pump's position and lease) and SQS (dead letters).</summary>
    public MotoServer Aws { get; } = new();

    /// <summary>The Kinesis stream.</summary>
    public MotoServer Kinesis { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        await Aws.DisposeAsync();
        await Kinesis.DisposeAsync();
    }
}
