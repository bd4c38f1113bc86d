using Neptune.Streams.Pump.Hosting;
using Neptune.Streams.Pump.Pumping;

namespace Neptune.Streams.Pump.Tests.Snapshot;

public sealed class SnapshotSettingsTests
{
    [Fact]
    public void Initial_position_SNAPSHOT_is_read_and_refused_as_the_expired_recovery()
    {
        var variables = new Dictionary<string, string>
        {
            ["NEPTUNE_STREAMS_NEPTUNE_ENDPOINT"] = "https://cluster.example:8182",
            ["NEPTUNE_STREAMS_PUMP_INITIAL_POSITION"] = "snapshot",
        };

        Assert.Equal(PumpStartPosition.Snapshot, PumpSettings.FromEnvironment(name => variables.GetValueOrDefault(name)).Pump.StartPosition);

        variables["NEPTUNE_STREAMS_PUMP_EXPIRED_RECOVERY"] = "SNAPSHOT";
        var ex = Assert.Throws<InvalidOperationException>(() => PumpSettings.FromEnvironment(name => variables.GetValueOrDefault(name)));
        Assert.Contains("NEPTUNE_STREAMS_PUMP_EXPIRED_RECOVERY", ex.Message, StringComparison.Ordinal);
    }
}
