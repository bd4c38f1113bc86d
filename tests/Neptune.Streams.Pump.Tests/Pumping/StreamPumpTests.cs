using System.Text.Json;
using Neptune.Streams.Local.NeptuneEndpoint;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.Pumping;

namespace Neptune.Streams.Pump.Tests.Pumping;

public sealed class StreamPumpTests
{
    private static string[] Labels(JsonElement envelope) =>
        envelope.TryGetProperty("labels", out JsonElement labels) ? [.. labels.EnumerateArray().Select(l => l.GetString()!)] : [];

    [Fact]
    public async Task Writes_one_envelope_per_commit_and_element_with_labels_from_the_cache()
    {
        await using PumpHarness h = await PumpHarness.StartAsync();
        h.Graph.AddVertex("a", ["person"], [new("name", "Ann")]);
        h.Graph.AddVertex("b", ["person", "employee"]);
        h.Graph.AddEdge("e", "follows", "a", "b", [new("since", 2020)]);
        h.Graph.SetProperty("a", "name", "Anna");
        h.Graph.SetProperty("e", "since", 2021);
        h.Graph.DropVertex("b");

        PumpRunSummary summary = await h.Pump().RunAsync();

        Assert.Equal(PumpStopReason.CaughtUp, summary.StopReason);
        Assert.Equal(new global::Neptune.Streams.Pump.Neptune.StreamPosition(6, 4), summary.Position);
        var written = await h.ReadAllAsync();
        Assert.All(written, w => Assert.Equal("neptune-streams/1", w.Envelope.GetProperty("envelope").GetString()));
        Assert.All(written, w => Assert.Equal(w.PartitionKey, w.Envelope.GetProperty("id").GetString()));
        var byKey = written.GroupBy(w => w.PartitionKey).ToDictionary(g => g.Key, g => g.Select(w => w.Envelope).ToList());
        Assert.Equal([1L, 4L], byKey["a"].Select(e => e.GetProperty("commitNum").GetInt64()).ToArray());
        Assert.Equal(["person"], Labels(byKey["a"][1]));
        Assert.Equal(2, byKey["a"][1].GetProperty("records").GetArrayLength());
        Assert.Equal(["person", "employee"], Labels(byKey["b"][1]));
        JsonElement edgeUpdate = byKey["e"][1];
        Assert.Equal(["follows"], Labels(edgeUpdate));
        Assert.Equal(("a", "b"), (edgeUpdate.GetProperty("from").GetString(), edgeUpdate.GetProperty("to").GetString()));
        Assert.Equal(3, byKey["e"].Count);
        Assert.Equal(7, written.Count);
        Assert.Equal(0, summary.LabelLookups);
    }

    [Fact]
    public async Task Asks_Neptune_for_labels_it_has_not_seen()
    {
        await using PumpHarness h = await PumpHarness.StartAsync();
        h.Graph.AddVertex("a", ["person", "admin"]);
        h.Graph.AddVertex("b", ["person"]);
        h.Graph.AddEdge("e", "knows", "a", "b");
        await h.Pump().RunAsync();
        h.Graph.SetProperty("a", "name", "Ann");
        h.Graph.SetProperty("e", "weight", 0.5);

        // A new pump process starts with an empty cache.
        PumpRunSummary summary = await h.Pump().RunAsync();

        Assert.Equal(2, summary.LabelLookups);
        var written = await h.ReadAllAsync();
        JsonElement vertexUpdate = written.Single(w => w.Envelope.GetProperty("commitNum").GetInt64() == 4).Envelope;
        Assert.Equal(["person", "admin"], Labels(vertexUpdate));
        JsonElement edgeUpdate = written.Single(w => w.Envelope.GetProperty("commitNum").GetInt64() == 5).Envelope;
        Assert.Equal(["knows"], Labels(edgeUpdate));
        Assert.Equal("a", edgeUpdate.GetProperty("from").GetString());
    }

    [Fact]
    public async Task Failed_entries_are_retried_and_order_per_element_is_kept()
    {
        var kinesis = new InMemoryKinesis();
        await using PumpHarness h = await PumpHarness.StartAsync(kinesis);
        h.Graph.AddVertex("a", ["person"]);
        for (int i = 0; i < 30; i++)
        {
            h.Graph.SetProperty("a", "n", i);
            h.Graph.AddVertex($"v{i}", ["thing"]);
        }

        int calls = 0;
        kinesis.PutFault = e => Interlocked.Increment(ref calls) % 3 == 0 ? "ProvisionedThroughputExceededException" : null;

        PumpRunSummary summary = await h.Pump().RunAsync();

        Assert.Equal(PumpStopReason.CaughtUp, summary.StopReason);
        var written = await h.ReadAllAsync();
        long[] commitsOfA = [.. written.Where(w => w.PartitionKey == "a").Select(w => w.Envelope.GetProperty("commitNum").GetInt64())];
        Assert.Equal(31, commitsOfA.Length);
        Assert.Equal(commitsOfA.Order(), commitsOfA);
        Assert.Equal(61, written.Count);
    }

    [Fact]
    public async Task An_element_change_larger_than_a_Kinesis_record_is_split_in_order()
    {
        await using PumpHarness h = await PumpHarness.StartAsync();
        string big = new('x', 100_000);
        h.Graph.AddVertex("huge", ["blob"], Enumerable.Range(0, 25).Select(i => new KeyValuePair<string, object>($"p{i:D2}", big)));

        PumpRunSummary summary = await h.Pump().RunAsync();

        var written = await h.ReadAllAsync();
        Assert.Equal(3, written.Count);
        Assert.All(written, w => Assert.True(JsonSerializer.SerializeToUtf8Bytes(w.Envelope).Length <= 1024 * 1024));
        Assert.Equal([1, 2, 3], written.Select(w => w.Envelope.GetProperty("part").GetInt32()).ToArray());
        string[] keys = [.. written.SelectMany(w => w.Envelope.GetProperty("records").EnumerateArray()).Select(r => r.GetProperty("data").GetProperty("key").GetString()!)];
        Assert.Equal(["label", .. Enumerable.Range(0, 25).Select(i => $"p{i:D2}")], keys);
        Assert.Equal(26, summary.RecordsForwarded);
    }

    [Fact]
    public async Task Records_forwarded_from_many_pages_in_pooled_buffers_are_each_pages_own_bytes()
    {
        // Each page's bytes are rented and handed back once it is forwarded, and the next page reuses them: an envelope
        // that still pointed into a page's bytes would carry a later page's records.
        await using PumpHarness h = await PumpHarness.StartAsync();
        for (int i = 0; i < 300; i++)
        {
            h.Graph.AddVertex($"v-{i:D3}", ["person"], [new("name", $"name of v-{i:D3}"), new("city", $"city of v-{i:D3}")]);
        }

        PumpRunSummary summary = await h.Pump(h.Options(o => o.Limit = 7)).RunAsync();

        var written = await h.ReadAllAsync();
        Assert.Equal(900, summary.RecordsForwarded);
        Assert.Equal(300, written.Count);
        foreach ((_, JsonElement envelope) in written)
        {
            string id = envelope.GetProperty("id").GetString()!;
            foreach (JsonElement record in envelope.GetProperty("records").EnumerateArray())
            {
                JsonElement data = record.GetProperty("data");
                Assert.Equal(id, data.GetProperty("id").GetString());
                if (data.GetProperty("type").GetString() == "vp")
                {
                    Assert.Equal($"{data.GetProperty("key").GetString()} of {id}", data.GetProperty("value").GetProperty("value").GetString());
                }
            }
        }

        Assert.Equal(300, written.Select(w => w.Envelope.GetProperty("id").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task A_transaction_cut_by_the_page_limit_is_held_back_until_whole()
    {
        await using PumpHarness h = await PumpHarness.StartAsync();
        h.Graph.AddVertex("a", ["person"], Enumerable.Range(0, 9).Select(i => new KeyValuePair<string, object>($"p{i}", i)));
        h.Graph.AddVertex("b", ["person"], Enumerable.Range(0, 9).Select(i => new KeyValuePair<string, object>($"p{i}", i)));

        PumpRunSummary summary = await h.Pump(h.Options(o => o.Limit = 4)).RunAsync();

        var written = await h.ReadAllAsync();
        Assert.Equal(2, written.Count);
        Assert.All(written, w => Assert.Equal(10, w.Envelope.GetProperty("records").GetArrayLength()));
        Assert.Equal(20, summary.RecordsForwarded);
    }

    [Fact]
    public async Task An_expired_position_is_counted_and_the_pump_resumes_at_the_trim_horizon()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var graph = new LocalGraph(time, TimeSpan.FromHours(1));
        await using PumpHarness h = await PumpHarness.StartAsync(graph: graph);
        graph.AddVertex("a", ["person"]);
        await h.Pump().RunAsync();
        graph.AddVertex("lost", ["person"]);
        time.Advance(TimeSpan.FromHours(2));
        graph.AddVertex("kept", ["person"]);

        using var metrics = new StringWriter();
        var logger = new ListLogger();
        PumpRunSummary summary = await h.Pump(h.Options(o => o.MetricsOutput = metrics), logger: logger).RunAsync();

        Assert.Equal(1, summary.StreamExpirations);
        string[] lines = metrics.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using JsonDocument expired = JsonDocument.Parse(lines.Single(l => l.Contains("\"StreamExpired\"", StringComparison.Ordinal)));
        Assert.Equal(1, expired.RootElement.GetProperty("StreamExpired").GetInt32());
        Assert.Equal("Neptune.Streams.Pump", expired.RootElement.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Namespace").GetString());
        Assert.Contains(lines, l => l.Contains("\"RecordsForwarded\":1", StringComparison.Ordinal));
        Assert.Contains(logger.Entries, e => e.EventName == "NeptuneStreamExpired");
        Assert.Equal("PumpId", expired.RootElement.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Dimensions")[0][0].GetString());
        var gap = Assert.Single(logger.Entries, e => e.EventName == "NeptuneStreamGap");
        Assert.Contains("after 1:1 and before 3:1", gap.Message, StringComparison.Ordinal);
        Assert.Equal(["a", "kept"], (await h.ReadAllAsync()).Select(w => w.PartitionKey).Order().ToArray());
    }

    [Fact]
    public async Task As_a_Lambda_function_the_metrics_carry_the_namespace_and_the_FunctionName_dimension_the_alarm_reads()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var graph = new LocalGraph(time, TimeSpan.FromHours(1));
        await using PumpHarness h = await PumpHarness.StartAsync(graph: graph);
        graph.AddVertex("a", ["person"]);
        await h.Pump().RunAsync();
        graph.AddVertex("lost", ["person"]);
        time.Advance(TimeSpan.FromHours(2));
        graph.AddVertex("kept", ["person"]);

        using var metrics = new StringWriter();
        await h.Pump(h.Options(o =>
        {
            o.MetricsOutput = metrics;
            o.MetricsNamespace = "NeptuneStreams";
            o.MetricsFunctionName = "stack-pump";
        })).RunAsync();

        string line = metrics.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Single(l => l.Contains("\"StreamExpired\"", StringComparison.Ordinal));
        using JsonDocument expired = JsonDocument.Parse(line);
        JsonElement directive = expired.RootElement.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];
        Assert.Equal("NeptuneStreams", directive.GetProperty("Namespace").GetString());
        Assert.Equal(["FunctionName"], directive.GetProperty("Dimensions").EnumerateArray().Select(set => string.Join(',', set.EnumerateArray().Select(d => d.GetString()))));
        Assert.Equal("StreamExpired", Assert.Single(directive.GetProperty("Metrics").EnumerateArray()).GetProperty("Name").GetString());
        Assert.Equal("stack-pump", expired.RootElement.GetProperty("FunctionName").GetString());
        Assert.Equal(1, expired.RootElement.GetProperty("StreamExpired").GetInt32());
    }

    [Fact]
    public async Task Latest_skips_history_and_forwards_only_later_commits()
    {
        await using PumpHarness h = await PumpHarness.StartAsync();
        h.Graph.AddVertex("old", ["person"]);
        await h.Pump(h.Options(o => o.StartPosition = PumpStartPosition.Latest)).RunAsync();
        h.Graph.AddVertex("new", ["person"]);

        await h.Pump(h.Options(o => o.StartPosition = PumpStartPosition.Latest)).RunAsync();

        Assert.Equal(["new"], (await h.ReadAllAsync()).Select(w => w.PartitionKey).ToArray());
    }

    [Fact]
    public async Task Disabled_streams_stop_the_pump_with_a_reason()
    {
        await using PumpHarness h = await PumpHarness.StartAsync();
        h.Graph.StreamsEnabled = false;

        PumpRunSummary summary = await h.Pump().RunAsync();

        Assert.Equal(PumpStopReason.StreamsDisabled, summary.StopReason);
        Assert.Contains("UnsupportedOperationException", summary.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sparql_changes_are_grouped_by_subject()
    {
        await using PumpHarness h = await PumpHarness.StartAsync();
        h.Graph.AddStatement("<http://ex/a>", "<http://ex/name>", "\"A\"");
        h.Graph.AddStatement("<http://ex/b>", "<http://ex/name>", "\"B\"");

        await h.Pump(h.Options(o => o.StreamKind = global::Neptune.Streams.Pump.Neptune.NeptuneStreamKind.Sparql)).RunAsync();

        Assert.Equal(["<http://ex/a>", "<http://ex/b>"], (await h.ReadAllAsync()).Select(w => w.PartitionKey).Order().ToArray());
    }
}
