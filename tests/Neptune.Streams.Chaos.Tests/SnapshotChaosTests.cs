namespace Neptune.Streams.Chaos.Tests;

/// <summary>
/// The CI-sized snapshot variant of the chaos run (the long one is
/// <c>dotnet run -c Release --project tests/Neptune.Streams.Chaos -- --snapshot --ops 20000</c>): history older than the
/// stream's retention, the pump started with a snapshot and killed during it, the graph changing meanwhile, the
/// consumer's faults of the chaos run — and at the end the consumer's view equals the graph.
/// </summary>
public sealed class SnapshotChaosTests(TwoMotoServers moto, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<TwoMotoServers>
{
    [Fact]
    public async Task Snapshot_then_stream_under_pump_kills_and_consumer_faults_ends_with_the_view_equal_to_the_graph()
    {
        ChaosOptions options = LandedFixes.Apply(new ChaosOptions { Operations = 1200, Shards = 2, Seed = 3, MaxDuration = ChaosTests.CapOnASlowMachine });

        using var log = new StringWriter();
        SnapshotChaosSummary summary = await SnapshotChaosRun.RunAsync(options, moto.Aws.Endpoint, moto.Kinesis.Endpoint, log);

        output.WriteLine(log.ToString());
        output.WriteLine(summary.ToString());
        output.WriteLine($"{summary.Faults}; {summary.Elapsed.TotalSeconds:F0} s");
        Assert.False(summary.StoppedAtCap, $"the run reached its {options.MaxDuration} cap while still moving: the machine was too slow, not a verdict");
        Assert.True(summary.SnapshotDone, "the snapshot never finished");
        Assert.True(summary.ViewDifferences == 0, string.Join("; ", summary.FirstDifferences));
        Assert.Equal(0, summary.DuplicateEffects);
        Assert.Equal(0, summary.GivenUp);
        Assert.Equal(options.PoisonRecords, summary.PoisonInjected);
        Assert.Equal(summary.PoisonInjected, summary.Poison);
        Assert.Equal(0, summary.UnexpectedDeadLetters);
        Assert.Equal(10, summary.Options.MaximumRetryAttempts);

        // The faults really happened, or the run proves nothing.
        Assert.True(summary.SnapshotKills > 0, "no pump was killed during its snapshot");
        Assert.True(summary.OperationsDuringSnapshot > 0, "the graph did not change during the snapshot");
        Assert.True(summary.SnapshotEffects > 0, "no snapshot event reached the sink");
        Assert.True(summary.Vertices + summary.Edges > 0, "the graph is empty");
        Assert.True(summary.Redelivered > 0, "crashes and timeouts should have caused redeliveries");
    }
}
