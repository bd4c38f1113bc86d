namespace Neptune.Streams.Chaos.Tests;

/// <summary>
/// The CI-sized chaos run (the long one is <c>dotnet run -c Release --project tests/Neptune.Streams.Chaos -- --ops 100000</c>):
/// nothing lost, nothing out of order per element, no side effect applied twice, every poison record dead-lettered.
/// </summary>
public sealed class ChaosTests(TwoMotoServers moto, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<TwoMotoServers>
{
    [Fact]
    public async Task Under_killed_pumps_crashing_and_timing_out_functions_and_faulty_AWS_calls_every_event_is_applied_once_in_order()
    {
        var options = new ChaosOptions { Operations = 3000, Shards = 4, PoisonRecords = 5, MaxDuration = TimeSpan.FromMinutes(4) };

        ChaosSummary summary = await ChaosRun.RunAsync(options, moto.Aws.Endpoint, moto.Kinesis.Endpoint);

        output.WriteLine(summary.ToString());
        output.WriteLine($"{summary.Faults}; {summary.Elapsed.TotalSeconds:F0} s");
        Assert.Equal(3000, summary.Operations);
        Assert.True(summary.Events >= summary.Operations, "every operation commits at least one change");
        Assert.Equal(0, summary.Lost);
        Assert.Equal(0, summary.OrderViolations);
        Assert.Equal(0, summary.DuplicateEffects);
        Assert.Equal(5, summary.Poison);
        Assert.Equal(0, summary.UnexpectedDeadLetters);
        Assert.True(summary.Passed);

        // The faults really happened, or the run proves nothing.
        Assert.Contains("function crashes=", summary.Faults, StringComparison.Ordinal);
        Assert.True(summary.Redelivered > 0, "crashes and timeouts should have caused redeliveries");
    }
}
