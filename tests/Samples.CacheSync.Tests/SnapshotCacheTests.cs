using System.Globalization;
using System.Text.Json;
using CacheSync;
using CacheSync.Redis;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Local.NeptuneEndpoint;
using Neptune.Streams.Local.Pipeline;
using Neptune.Streams.Pump.Pumping;
using StackExchange.Redis;

namespace Samples.CacheSync.Tests;

/// <summary>A cache added to a graph whose history is older than the stream's retention fills from a snapshot, then follows the stream.</summary>
public sealed class SnapshotCacheTests(RedisServer server) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task StartingFromASnapshotOfAnExistingGraph_TheCacheEndsEqualToTheGraph()
    {
        var clock = new ShiftedTimeProvider(TimeProvider.System) { Offset = -TimeSpan.FromDays(8) };
        var graph = new LocalGraph(clock);
        var writer = new SocialNetworkWriter(graph, seed: 11);
        for (int i = 0; i < 200; i++)
        {
            writer.WriteOne();
        }

        clock.Offset = TimeSpan.Zero;
        var options = new CacheSyncOptions { Redis = server.Configuration, KeyPrefix = $"t{Guid.NewGuid():N}:" };
        await using var function = new CacheSyncFunction();
        function.Override(b => b.Services.AddSingleton(options));
        var pipeline = new LocalPipelineOptions { Graph = graph, Writer = writer, Mutations = 100, MutationInterval = TimeSpan.FromMilliseconds(5) };
        pipeline.Pump.StartPosition = PumpStartPosition.Snapshot;
        pipeline.Pump.Snapshot.PageSize = 10;

        LocalPipelineSummary summary = await LocalPipeline.RunAsync(function, pipeline);

        Assert.True(summary.Drained);
        Assert.Equal(0, summary.RecordsSentToOnFailure);
        await using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(server.Configuration);
        IDatabase db = redis.GetDatabase();
        var vertices = graph.ReadElements().Where(e => !e.IsEdge).ToList();
        Assert.NotEmpty(vertices);
        foreach (LocalElement vertex in vertices)
        {
            var hash = (await db.HashGetAllAsync(VertexCache.HashKey(options.KeyPrefix, vertex.Id))).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
            Assert.True(hash.Count > 0, $"vertex {vertex.Id} is not cached");
            Assert.Equal(vertex.Labels, JsonSerializer.Deserialize<string[]>(hash["_labels"]));
            Assert.Equal(vertex.Properties.Select(p => p.Name).Order(), hash.Keys.Where(k => !k.StartsWith('_')).Order());
            Assert.All(vertex.Properties, p => Assert.True(Same(p, hash[p.Name]), $"vertex {vertex.Id}: property {p.Name} differs"));
        }

        string hashPrefix = options.KeyPrefix + "vertex:{";
        var keys = redis.GetServer("127.0.0.1", server.Port).Keys(pattern: options.KeyPrefix + "vertex:*").Select(k => (string)k!)
            .Select(k => k[hashPrefix.Length..^1]).ToList();
        Assert.Equal(vertices.Select(v => v.Id).Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }

    private static bool Same(LocalProperty expected, string cached) => expected.Value switch
    {
        long ms when expected.DataType == "Date" => DateTimeOffset.Parse(cached, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() == ms,
        long l => long.Parse(cached, CultureInfo.InvariantCulture) == l,
        double d => double.Parse(cached, CultureInfo.InvariantCulture).Equals(d),
        _ => string.Equals(Convert.ToString(expected.Value, CultureInfo.InvariantCulture), cached, StringComparison.Ordinal),
    };
}
