using System.Text.Json;
using Neptune.Streams.Pump.Neptune;
using Neptune.Streams.Pump.Pumping;

namespace Neptune.Streams.Pump.Tests.Pumping;

/// <summary>Issue 11 item 6: a failed label look-up never forwards a change without its labels.</summary>
public sealed class LabelLookUpFailureTests
{
    private static async Task<PumpHarness> HarnessWithUnlabelledUpdateAsync()
    {
        PumpHarness h = await PumpHarness.StartAsync();
        h.Graph.AddVertex("a", ["person"]);
        await h.Pump().RunAsync();
        h.Graph.SetProperty("a", "name", "Ann");
        return h;
    }

    [Fact]
    public async Task A_look_up_that_fails_twice_is_retried_and_the_change_keeps_its_labels()
    {
        await using PumpHarness h = await HarnessWithUnlabelledUpdateAsync();
        var gremlin = new FailingGremlinHandler(failures: 2);
        using var http = new HttpClient(gremlin);

        // A new pump (empty label cache) must ask Neptune for a's labels.
        PumpRunSummary summary = await new StreamPump(h.Options(), http, h.Kinesis, h.State).RunAsync();

        Assert.Equal(PumpStopReason.CaughtUp, summary.StopReason);
        Assert.Equal(3, gremlin.LookUps);
        JsonElement update = (await h.ReadAllAsync()).Single(w => w.Envelope.GetProperty("commitNum").GetInt64() == 2).Envelope;
        Assert.True(update.TryGetProperty("labels", out JsonElement labels), "the update was forwarded without labels");
        Assert.Equal(["person"], labels.EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task Labels_that_cannot_be_had_stop_the_run_without_moving_the_position_and_the_next_run_forwards_them()
    {
        await using PumpHarness h = await HarnessWithUnlabelledUpdateAsync();
        using var down = new HttpClient(new FailingGremlinHandler(failures: int.MaxValue));
        var logger = new ListLogger();

        PumpRunSummary failed = await new StreamPump(h.Options(), down, h.Kinesis, h.State, logger: logger).RunAsync();

        Assert.Equal(PumpStopReason.LabelsUnavailable, failed.StopReason);
        Assert.Contains("commit 2", failed.Error, StringComparison.Ordinal);
        Assert.Equal(new StreamPosition(1, 1), await h.State.GetPositionAsync(h.Options().PumpId));
        Assert.Single(await h.ReadAllAsync());

        PumpRunSummary next = await h.Pump().RunAsync();

        Assert.Equal(PumpStopReason.CaughtUp, next.StopReason);
        JsonElement update = (await h.ReadAllAsync()).Single(w => w.Envelope.GetProperty("commitNum").GetInt64() == 2).Envelope;
        Assert.Equal(["person"], update.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
    }
}
