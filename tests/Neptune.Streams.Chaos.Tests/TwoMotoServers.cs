using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Chaos.Tests;

/// <summary>Two moto_servers, one for DynamoDB and SQS and one for Kinesis, so the load spreads over two processes.</summary>
public sealed class TwoMotoServers : IAsyncDisposable
{
    /// <summary>DynamoDB (checkpoints, idempotency, the pump's position and lease) and SQS (dead letters).</summary>
    public MotoServer Aws { get; } = new();

    /// <summary>The Kinesis stream.</summary>
    public MotoServer Kinesis { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await Aws.DisposeAsync();
        await Kinesis.DisposeAsync();
    }
}
