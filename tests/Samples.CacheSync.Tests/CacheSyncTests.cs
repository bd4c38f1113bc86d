using CacheSync;
using CacheSync.Redis;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda.Kinesis;
using Neptune.Streams.Lambda.Testing;
using StackExchange.Redis;

namespace Samples.CacheSync.Tests;

/// <summary>The CacheSync sample against a real redis-server: newest commit wins, deletes stick, replays change nothing.</summary>
public sealed class CacheSyncTests : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string Alice = "a8c4a1f2-3b7e-5c1d-9e2f-4d6b8a0c2e41";
    private const string Bob = "f2c4a1d9-7e0b-4c55-2a31-9b8e6d4f1c07";

    private readonly RedisServer _server;
    private readonly CacheSyncOptions _options;
    private readonly CacheSyncFunction _function;
    private ConnectionMultiplexer _redis = null!;

    public CacheSyncTests(RedisServer server)
    {
        _server = server;
        // A key prefix of its own per test: tests never see each other's keys.
        _options = new CacheSyncOptions { Redis = server.Configuration, KeyPrefix = $"t{Guid.NewGuid():N}:" };
        _function = new CacheSyncFunction();
        _function.Override(b => b.Services.AddSingleton(_options));
    }

    public async Task InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(_server.Configuration);

    public async Task DisposeAsync()
    {
        await _function.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private IDatabase Db => _redis.GetDatabase();

    private async Task<Dictionary<string, string>> HashAsync(string id) =>
        (await Db.HashGetAllAsync(VertexCache.HashKey(_options.KeyPrefix, id))).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);

    private Task<StreamsEventResponse> RunAsync(NeptuneChangeBuilder changes) => _function.ProcessAsync(new KinesisEventBuilder().AddChanges(changes).Build());

    [Fact]
    public async Task FixtureBatch_CachesTheSurvivingVertexAtItsNewestCommitAndTombstonesTheDeletedOne()
    {
        var response = await _function.ProcessAsync(Fixture.Event("pg-json-records-event.json"));

        Assert.Empty(response.BatchItemFailures);
        var alice = await HashAsync(Alice);
        Assert.Equal("Alice Smith", alice["name"]);
        Assert.Equal("1990-04-12T00:00:00.0000000+00:00", alice["birthDate"]);
        Assert.Equal("[\"person\"]", alice["_labels"]);
        Assert.Equal("4714", alice["_commit"]);
        Assert.False(await Db.KeyExistsAsync(VertexCache.HashKey(_options.KeyPrefix, Bob)));
        Assert.Equal("4716", (string?)await Db.StringGetAsync(VertexCache.TombstoneKey(_options.KeyPrefix, Bob)));
        TimeSpan? ttl = await Db.KeyTimeToLiveAsync(VertexCache.TombstoneKey(_options.KeyPrefix, Bob));
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromHours(23), TimeSpan.FromDays(1));
    }

    [Fact]
    public async Task ReplayedFixtureBatch_LeavesTheCacheAsTheFirstDeliveryDid()
    {
        await _function.ProcessAsync(Fixture.Event("pg-json-records-event.json"));
        var before = await HashAsync(Alice);

        var response = await _function.ProcessAsync(Fixture.Event("pg-json-records-event.json"));

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(before, await HashAsync(Alice));
        Assert.False(await Db.KeyExistsAsync(VertexCache.HashKey(_options.KeyPrefix, Bob)));
    }

    [Fact]
    public async Task OlderAddDeliveredAfterANewerUpdate_DoesNotOverwriteIt()
    {
        await RunAsync(new NeptuneChangeBuilder(10).AddVertex("v1", "person", ("name", "Old")));
        await RunAsync(new NeptuneChangeBuilder(12).SetVertexProperty("v1", "name", "Old", "New"));

        var response = await RunAsync(new NeptuneChangeBuilder(10).AddVertex("v1", "person", ("name", "Old")));

        Assert.Empty(response.BatchItemFailures);
        var hash = await HashAsync("v1");
        Assert.Equal("New", hash["name"]);
        Assert.Equal("12", hash["_commit"]);
    }

    [Fact]
    public async Task OlderUpdateDeliveredAfterANewerOne_IsIgnored()
    {
        await RunAsync(new NeptuneChangeBuilder(1).AddVertex("v1", "person", ("city", "Oslo")));
        await RunAsync(new NeptuneChangeBuilder(3).SetVertexProperty("v1", "city", "Oslo", "Bergen"));

        await RunAsync(new NeptuneChangeBuilder(2).SetVertexProperty("v1", "city", "Oslo", "Tromsø"));

        Assert.Equal("Bergen", (await HashAsync("v1"))["city"]);
    }

    [Fact]
    public async Task Delete_RemovesTheHash()
    {
        await RunAsync(new NeptuneChangeBuilder(1).AddVertexLabel("v1", "person"));

        await RunAsync(new NeptuneChangeBuilder(2).RemoveVertex("v1", "person"));

        Assert.False(await Db.KeyExistsAsync(VertexCache.HashKey(_options.KeyPrefix, "v1")));
    }

    [Fact]
    public async Task LateOlderAddAfterADelete_DoesNotResurrectTheVertex()
    {
        await RunAsync(new NeptuneChangeBuilder(5).AddVertexLabel("v1", "person"));
        await RunAsync(new NeptuneChangeBuilder(7).RemoveVertex("v1", "person"));

        await RunAsync(new NeptuneChangeBuilder(5).AddVertexLabel("v1", "person"));

        Assert.False(await Db.KeyExistsAsync(VertexCache.HashKey(_options.KeyPrefix, "v1")));
    }

    [Fact]
    public async Task AVertexNamedLikeAnotherVertexsTombstone_DoesNotEraseIt_SoALateReplayCannotResurrectThatVertex()
    {
        await RunAsync(new NeptuneChangeBuilder(5).AddVertexLabel("X", "person"));
        await RunAsync(new NeptuneChangeBuilder(7).RemoveVertex("X", "person"));

        // Under the old scheme (hash "vertex:{id}", tombstone "vertex:{id}:deleted") this vertex's hash was X's tombstone.
        await RunAsync(new NeptuneChangeBuilder(8).AddVertexLabel("X:deleted", "person"));
        await RunAsync(new NeptuneChangeBuilder(5).AddVertexLabel("X", "person"));

        Assert.False(await Db.KeyExistsAsync(VertexCache.HashKey(_options.KeyPrefix, "X")));
        Assert.Equal("7", (string?)await Db.StringGetAsync(VertexCache.TombstoneKey(_options.KeyPrefix, "X")));
        Assert.Equal("[\"person\"]", (await HashAsync("X:deleted"))["_labels"]);
    }

    [Fact]
    public void AVertexsHashAndTombstone_ShareOneHashTag_AndLiveInSeparateNamespaces()
    {
        string hash = VertexCache.HashKey("graph:", "a}b");
        string tombstone = VertexCache.TombstoneKey("graph:", "a}b");

        static string Tag(string key) => key[(key.IndexOf('{') + 1)..key.IndexOf('}', key.IndexOf('{'))];
        Assert.Equal(Tag(hash), Tag(tombstone));
        Assert.NotEqual(VertexCache.HashKey("graph:", "X:deleted"), VertexCache.TombstoneKey("graph:", "X"));
        Assert.StartsWith("graph:vertex:", hash, StringComparison.Ordinal);
        Assert.StartsWith("graph:deleted:", tombstone, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewerAddAfterADelete_CachesTheVertexAgainAndClearsTheTombstone()
    {
        await RunAsync(new NeptuneChangeBuilder(5).AddVertexLabel("v1", "person"));
        await RunAsync(new NeptuneChangeBuilder(7).RemoveVertex("v1", "person"));

        await RunAsync(new NeptuneChangeBuilder(9).AddVertexLabel("v1", "robot"));

        Assert.Equal("[\"robot\"]", (await HashAsync("v1"))["_labels"]);
        Assert.False(await Db.KeyExistsAsync(VertexCache.TombstoneKey(_options.KeyPrefix, "v1")));
    }

    [Fact]
    public async Task OlderDeleteAfterANewerAdd_LeavesTheVertex()
    {
        await RunAsync(new NeptuneChangeBuilder(9).AddVertexLabel("v1", "person"));

        await RunAsync(new NeptuneChangeBuilder(7).RemoveVertex("v1", "person"));

        Assert.Equal("9", (await HashAsync("v1"))["_commit"]);
    }

    [Fact]
    public async Task RemovedProperty_IsRemovedFromTheHash()
    {
        await RunAsync(new NeptuneChangeBuilder(1).AddVertex("v1", "person", ("nickname", "Al")));

        await RunAsync(new NeptuneChangeBuilder(2).RemoveVertexProperty("v1", "nickname", "Al"));

        var hash = await HashAsync("v1");
        Assert.False(hash.ContainsKey("nickname"));
        Assert.Equal("2", hash["_commit"]);
    }

    [Fact]
    public async Task UpdateOfAVertexNotCached_WritesNothing()
    {
        var response = await RunAsync(new NeptuneChangeBuilder(3).AddVertexProperty("v9", "name", "Zed"));

        Assert.Empty(response.BatchItemFailures);
        Assert.False(await Db.KeyExistsAsync(VertexCache.HashKey(_options.KeyPrefix, "v9")));
    }

    [Fact]
    public async Task CommitNumbersBeyondDoublePrecision_CompareExactly()
    {
        const long Big = 9_007_199_254_740_993; // 2^53 + 1: a Lua number would round it to 2^53
        await RunAsync(new NeptuneChangeBuilder(Big).AddVertex("v1", "person", ("name", "Newer")));

        await RunAsync(new NeptuneChangeBuilder(Big - 1).AddVertex("v1", "person", ("name", "Older")));

        Assert.Equal("Newer", (await HashAsync("v1"))["name"]);
    }

    [Fact]
    public async Task PropertyNamedLikeACacheField_FailsTheRecordInsteadOfCorruptingTheHash()
    {
        var response = await RunAsync(new NeptuneChangeBuilder(1).AddVertex("v1", "person", ("_commit", "0")));

        Assert.Equal(KinesisEventBuilder.SequenceNumberAt(0), Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.False(await Db.KeyExistsAsync(VertexCache.HashKey(_options.KeyPrefix, "v1")));
    }
}
