using Neptune.Streams.TestSupport;
using System.Text.Json;
using Neptune.Streams.Local.NeptuneEndpoint;
using Neptune.Streams.Local.Pipeline;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.Pumping;
using Neptune.Streams.Pump.Snapshot;
using Neptune.Streams.Pump.State;
using Neptune.Streams.Pump.Tests.Pumping;

namespace Neptune.Streams.Pump.Tests.Snapshot;

public sealed class SnapshotPumpTests
{
    private static (LocalGraph Graph, SocialNetworkWriter Writer) GraphWithExpiredHistory(int changes)
    {
        var clock = new ShiftedTimeProvider(TimeProvider.System) { Offset = -TimeSpan.FromDays(8) };
        var graph = new LocalGraph(clock);
        var writer = new SocialNetworkWriter(graph, seed: 7);
        for (int i = 0; i < changes; i++)
        {
            writer.WriteOne();
        }

        clock.Offset = TimeSpan.Zero;
        return (graph, writer);
    }

    [Fact]
    public async Task Snapshot_killed_twice_while_the_graph_changes_resumes_and_the_view_ends_equal_to_the_graph()
    {
        var (graph, writer) = GraphWithExpiredHistory(300);
        int writes = 0;
        var kinesis = new KillingKinesis(new InMemoryKinesis(), call =>
        {
            // The graph keeps changing while the snapshot reads it (and a little after).
            if (call <= 30)
            {
                writer.WriteOne();
                writer.WriteOne();
                writes += 2;
            }
        }, 4, 12);
        var state = new InMemoryPumpStateStore();
        await using PumpHarness harness = await PumpHarness.StartAsync(kinesis, state, graph);
        PumpOptions Options() => harness.Options(o =>
        {
            o.StartPosition = PumpStartPosition.Snapshot;
            o.Snapshot.PageSize = 10;
        });

        var progressAtKills = new List<SnapshotProgress?>();
        for (int kill = 0; kill < 2; kill++)
        {
            await Assert.ThrowsAsync<IOException>(() => harness.Pump(Options()).RunAsync());
            progressAtKills.Add(await state.GetSnapshotAsync(harness.Options().PumpId));
            Assert.Null(await state.GetPositionAsync(harness.Options().PumpId));
        }

        PumpRunSummary last = await harness.Pump(Options()).RunAsync();

        Assert.Equal(PumpStopReason.CaughtUp, last.StopReason);
        Assert.Equal(2, kinesis.Kills);
        Assert.True(writes >= 40, $"only {writes} changes were written during the run");
        // Killed mid-snapshot, resumed after the last page written rather than from the start.
        Assert.All(progressAtKills, p => Assert.True(p is { Phase: not SnapshotPhase.Done, ElementsWritten: > 0 }, $"progress at a kill: {p}"));
        Assert.True(progressAtKills[1]!.ElementsWritten > progressAtKills[0]!.ElementsWritten);
        Assert.Equal(SnapshotPhase.Done, (await state.GetSnapshotAsync(harness.Options().PumpId))!.Phase);
        Assert.Equal(graph.LastCommitNum, (await state.GetPositionAsync(harness.Options().PumpId))!.Value.CommitNum);

        var view = new EnvelopeView();
        List<(string PartitionKey, JsonElement Envelope)> records = await harness.ReadAllAsync();
        foreach (var (_, envelope) in records)
        {
            view.Apply(envelope);
        }

        List<string> differences = view.DifferencesFrom(graph);
        Assert.True(differences.Count == 0, string.Join("; ", differences.Take(5)));
        Assert.Contains(records, r => r.Envelope.TryGetProperty("snapshot", out JsonElement s) && s.GetBoolean());
        Assert.NotEmpty(graph.ReadElements());
    }

    [Fact]
    public async Task Snapshot_writes_one_envelope_per_element_with_labels_properties_and_endpoints_partitioned_by_id()
    {
        var (graph, _) = GraphWithExpiredHistory(0);
        graph.AddVertex("a", ["person", "admin"], [new("name", "Ada"), new("age", 36)]);
        graph.AddVertex("b", ["person"], [new("name", "Ben")]);
        graph.AddEdge("e1", "follows", "a", "b", [new("weight", 0.5)]);
        await using PumpHarness harness = await PumpHarness.StartAsync(graph: graph);

        PumpRunSummary run = await harness.Pump(harness.Options(o => o.StartPosition = PumpStartPosition.Snapshot)).RunAsync();

        Assert.Equal(3, run.SnapshotElementsWritten);
        var records = (await harness.ReadAllAsync()).Where(r => r.Envelope.TryGetProperty("snapshot", out _)).ToList();
        Assert.Equal(["a", "b", "e1"], records.Select(r => r.PartitionKey).Order(StringComparer.Ordinal));
        JsonElement a = records.Single(r => r.PartitionKey == "a").Envelope;
        Assert.Equal(["person", "admin"], a.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(3, a.GetProperty("commitNum").GetInt64());
        string[] types = [.. a.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("data").GetProperty("type").GetString()!)];
        Assert.Equal(["vl", "vl", "vp", "vp"], types);
        Assert.True(a.GetProperty("records")[3].GetProperty("isLastOp").GetBoolean());
        JsonElement e1 = records.Single(r => r.PartitionKey == "e1").Envelope;
        Assert.Equal("a", e1.GetProperty("from").GetString());
        JsonElement edge = e1.GetProperty("records")[0].GetProperty("data");
        Assert.Equal(("e", "b"), (edge.GetProperty("type").GetString(), edge.GetProperty("to").GetString()));
        Assert.Equal("Double", e1.GetProperty("records")[1].GetProperty("data").GetProperty("value").GetProperty("dataType").GetString());
    }

    [Fact]
    public async Task Paging_by_id_neither_skips_nor_repeats_when_elements_are_added_and_removed_between_pages()
    {
        var graph = new LocalGraph();
        for (int i = 10; i < 40; i++)
        {
            graph.AddVertex($"v{i}", ["n"]);
        }

        await using PumpHarness harness = await PumpHarness.StartAsync(graph: graph);
        var seen = new List<string>();
        string after = string.Empty;
        int page = 0;
        while (true)
        {
            var (status, body) = await PostAsync(harness.Endpoint.Endpoint, SnapshotQueries.Vertices, after, 7);
            Assert.Equal(200, status);
            string[] ids = [.. JsonDocument.Parse(body).RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()!)];
            seen.AddRange(ids);
            if (ids.Length < 7)
            {
                break;
            }

            after = ids[^1];
            if (page++ == 0)
            {
                graph.DropVertex("v11");          // behind the cursor: already read
                graph.DropVertex("v30");          // ahead: never read
                graph.AddVertex("v0", ["n"]);     // behind: the stream replays it
                graph.AddVertex("v35x", ["n"]);   // ahead: read once
            }
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.DoesNotContain("v30", seen);
        Assert.Contains("v35x", seen);
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task Local_openCypher_endpoint_rejects_other_queries_clearly()
    {
        await using PumpHarness harness = await PumpHarness.StartAsync();

        var (status, body) = await PostAsync(harness.Endpoint.Endpoint, "MATCH (n) RETURN n", string.Empty, 1);

        Assert.Equal(400, status);
        JsonElement error = JsonDocument.Parse(body).RootElement;
        Assert.Equal("MalformedQueryException", error.GetProperty("code").GetString());
        Assert.Contains("only the pump's two snapshot queries", error.GetProperty("detailedMessage").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_of_an_rdf_stream_is_refused_as_not_supported()
    {
        await using PumpHarness harness = await PumpHarness.StartAsync();

        PumpRunSummary run = await harness.Pump(harness.Options(o =>
        {
            o.StartPosition = PumpStartPosition.Snapshot;
            o.StreamKind = global::Neptune.Streams.Pump.Neptune.NeptuneStreamKind.Sparql;
        })).RunAsync();

        Assert.Equal(PumpStopReason.InvalidRequest, run.StopReason);
        Assert.Contains("not supported", run.Error, StringComparison.Ordinal);
    }

    private static async Task<(int Status, string Body)> PostAsync(Uri endpoint, string query, string after, int limit)
    {
        using var http = new HttpClient();
        using var content = new FormUrlEncodedContent([new("query", query), new("parameters", JsonSerializer.Serialize(new Dictionary<string, object> { ["after"] = after, ["limit"] = limit }))]);
        using HttpResponseMessage response = await http.PostAsync(new Uri(endpoint, "openCypher"), content);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
