using System.Diagnostics;
using Neptune.Streams.Local.NeptuneEndpoint;
using Neptune.Streams.Local.Pipeline;
using Neptune.Streams.Pump.Pumping;
using Neptune.Streams.Pump.Tests.Pumping;
using Xunit.Abstractions;

namespace Neptune.Streams.Pump.Tests.EndToEnd;

public sealed class ThroughputFigures(ITestOutputHelper output)
{
    [Fact]
    public async Task Pump_forwards_a_backlog_and_reports_its_rate()
    {
        var graph = new LocalGraph();
        var writer = new SocialNetworkWriter(graph, seed: 3);
        for (int i = 0; i < 20_000; i++)
        {
            writer.WriteOne();
        }

        await using PumpHarness h = await PumpHarness.StartAsync(graph: graph, shards: 4);
        var clock = Stopwatch.StartNew();
        PumpRunSummary run = await h.Pump(h.Options(o => o.Limit = 10_000)).RunAsync();
        clock.Stop();

        Assert.Equal(graph.LastCommitNum, run.Position!.Value.CommitNum);
        output.WriteLine($"{run.RecordsForwarded} stream records, {run.KinesisRecordsWritten} Kinesis records in {clock.ElapsedMilliseconds} ms: {run.RecordsForwarded * 1000 / Math.Max(1, clock.ElapsedMilliseconds)} records/s");
    }
}
