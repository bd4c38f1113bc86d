using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Local.NeptuneEndpoint;
using Neptune.Streams.Local.Pipeline;
using Neptune.Streams.Pump.Pumping;
using SearchSync;

namespace Samples.SearchSync.Tests;

/// <summary>An index added to a graph whose history is older than the stream's retention fills from a snapshot, then follows the stream.</summary>
public sealed class SnapshotIndexTests
{
    private const string Index = "vertices";

    [Fact]
    public async Task StartingFromASnapshotOfAnExistingGraph_TheIndexEndsEqualToTheGraph()
    {
        var clock = new ShiftedTimeProvider(TimeProvider.System) { Offset = -TimeSpan.FromDays(8) };
        var graph = new LocalGraph(clock);
        var writer = new SocialNetworkWriter(graph, seed: 13);
        for (int i = 0; i < 200; i++)
        {
            writer.WriteOne();
        }

        clock.Offset = TimeSpan.Zero;
        using var es = new FakeElasticsearch();
        await using var function = new SearchSyncFunction();
        function.Override(b => b.Services.AddSingleton(new SearchSyncOptions { Endpoint = es.Endpoint, Index = Index }));
        var pipeline = new LocalPipelineOptions { Graph = graph, Writer = writer, Mutations = 100, MutationInterval = TimeSpan.FromMilliseconds(5) };
        pipeline.Pump.StartPosition = PumpStartPosition.Snapshot;
        pipeline.Pump.Snapshot.PageSize = 10;

        LocalPipelineSummary summary = await LocalPipeline.RunAsync(function, pipeline);

        Assert.True(summary.Drained);
        Assert.Equal(0, summary.RecordsSentToOnFailure);
        Assert.Empty(es.Violations);
        var vertices = graph.ReadElements().Where(e => !e.IsEdge).ToDictionary(e => e.Id);
        Assert.NotEmpty(vertices);
        foreach (LocalElement vertex in vertices.Values)
        {
            var (source, _) = es.Document(Index, vertex.Id) ?? throw new Xunit.Sdk.XunitException($"vertex {vertex.Id} is not indexed");
            Assert.Equal(vertex.Labels, source["labels"]!.AsArray().Select(l => (string)l!));
            var props = source["props"]!.AsObject();
            Assert.Equal(vertex.Properties.Select(p => p.Name).Order(), props.Select(p => p.Key).Order());
            Assert.All(vertex.Properties, p => Assert.True(Same(p, props[p.Name]!), $"vertex {vertex.Id}: property {p.Name} differs"));
        }

        // Every person the writer ever created (ids person-1…): indexed exactly when it is in the graph now.
        for (int n = 1; n <= 400; n++)
        {
            string id = string.Create(CultureInfo.InvariantCulture, $"person-{n}");
            Assert.True(vertices.ContainsKey(id) == es.Document(Index, id).HasValue, $"{id}: in the graph {vertices.ContainsKey(id)}, indexed {es.Document(Index, id).HasValue}");
        }
    }

    private static bool Same(LocalProperty expected, JsonNode indexed)
    {
        JsonElement actual = JsonSerializer.SerializeToElement(indexed);
        return expected.Value switch
        {
            long ms when expected.DataType == "Date" => actual.ValueKind == JsonValueKind.Number
                ? actual.GetInt64() == ms
                : DateTimeOffset.Parse(actual.GetString()!, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() == ms,
            string s => actual.ValueKind == JsonValueKind.String && actual.GetString() == s,
            long l => actual.ValueKind == JsonValueKind.Number && actual.GetInt64() == l,
            double d => actual.ValueKind == JsonValueKind.Number && actual.GetDouble().Equals(d),
            _ => false,
        };
    }
}
