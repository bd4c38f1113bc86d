using Neptune.Streams.Pump.State;

namespace Neptune.Streams.Pump.Tests.State;

public sealed class InMemoryPumpStateStoreTests : PumpStateStoreContract
{
    protected override Task<IPumpStateStore> CreateStoreAsync() => Task.FromResult<IPumpStateStore>(new InMemoryPumpStateStore(Time));
}
