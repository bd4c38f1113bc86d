using Neptune.Streams.Lambda.Checkpoints;

namespace Neptune.Streams.Lambda.IntegrationTests.Checkpoints;

/// <summary>The checkpoint contract on the in-memory store.</summary>
public sealed class InMemoryCheckpointStoreTests : CheckpointStoreContract
{
    private protected override Task<ICheckpointStore> CreateStoreAsync() => Task.FromResult<ICheckpointStore>(new InMemoryCheckpointStore());
}
