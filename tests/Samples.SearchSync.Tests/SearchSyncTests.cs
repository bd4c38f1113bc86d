using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SearchSync;
using SearchSync.Search;

namespace Samples.SearchSync.Tests;

/// <summary>
/// The SearchSync sample against the local Elasticsearch stand-in: one bulk request per batch, commit numbers as
/// external versions, so replays and late older changes never replace newer documents.
/// </summary>
public sealed class SearchSyncTests : IAsyncLifetime
{
    private const string Alice = "a8c4a1f2-3b7e-5c1d-9e2f-4d6b8a0c2e41";
    private const string Bob = "f2c4a1d9-7e0b-4c55-2a31-9b8e6d4f1c07";
    private const string Index = "vertices";

    private readonly FakeElasticsearch _es = new();
    private readonly SearchSyncFunction _function;

    public SearchSyncTests()
    {
        _function = new SearchSyncFunction();
        _function.Override(b => b.Services.AddSingleton(new SearchSyncOptions { Endpoint = _es.Endpoint, Index = Index }));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _function.DisposeAsync();
        _es.Dispose();
    }

    private Task<Neptune.Streams.Lambda.Kinesis.StreamsEventResponse> RunAsync(params string[] records) => _function.ProcessAsync(Batches.Of(records));

    private JsonObject Props(string id) => (JsonObject)_es.Document(Index, id)!.Value.Source["props"]!;

    [Fact]
    public async Task FixtureBatch_SendsOneWellFormedBulkRequestWithTheNewestDocumentPerVertex()
    {
        var response = await _function.ProcessAsync(Fixture.Event("pg-json-records-event.json"));

        Assert.Empty(response.BatchItemFailures);
        Assert.Empty(_es.Violations);
        var bulk = Assert.Single(_es.BulkRequests);
        Assert.Equal(
            [$"index {Alice} 4714 external", $"delete {Bob} 4716 external"],
            bulk.Select(a => $"{a.First().Key} {a.First().Value!["_id"]} {a.First().Value!["version"]} {a.First().Value!["version_type"]}"));
        var (source, version) = _es.Document(Index, Alice)!.Value;
        Assert.Equal(4714, version);
        Assert.Equal("Alice Smith", (string?)source["props"]!["name"]);
        Assert.Equal("1990-04-12T00:00:00+00:00", (string?)source["props"]!["birthDate"]);
        Assert.Equal(["person"], source["labels"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(4716, _es.DeletedVersion(Index, Bob));
    }

    [Fact]
    public async Task ReplayedBatch_IsRefusedAsVersionConflictsAndCountsAsSuccess()
    {
        await _function.ProcessAsync(Fixture.Event("pg-json-records-event.json"));

        var response = await _function.ProcessAsync(Fixture.Event("pg-json-records-event.json"));

        Assert.Empty(response.BatchItemFailures);
        Assert.Empty(_es.Violations);
        Assert.Equal(2, _es.BulkRequests.Count);
        Assert.Equal(4714, _es.Document(Index, Alice)!.Value.Version);
        Assert.Equal("Alice Smith", (string?)Props(Alice)["name"]);
    }

    [Fact]
    public async Task OlderAddDeliveredAfterANewerUpdate_DoesNotReplaceTheDocument()
    {
        await RunAsync(Batches.Pg(10, 1, "v1", "vl", "label", "person"), Batches.Pg(10, 2, "v1", "vp", "name", "Old", last: true));
        await RunAsync(Batches.Pg(12, 1, "v1", "vp", "name", "Old", "REMOVE"), Batches.Pg(12, 2, "v1", "vp", "name", "New", last: true));

        await RunAsync(Batches.Pg(10, 1, "v1", "vl", "label", "person"), Batches.Pg(10, 2, "v1", "vp", "name", "Old", last: true));

        Assert.Equal("New", (string?)Props("v1")["name"]);
        Assert.Equal(12, _es.Document(Index, "v1")!.Value.Version);
        Assert.Empty(_es.Violations);
    }

    [Fact]
    public async Task UpdateWithoutLabels_MergesIntoTheStoredDocument()
    {
        await RunAsync(Batches.Pg(1, 1, "v1", "vl", "label", "person"), Batches.Pg(1, 2, "v1", "vp", "name", "Ann"), Batches.Pg(1, 3, "v1", "vp", "city", "Oslo", last: true));

        await RunAsync(Batches.Pg(2, 1, "v1", "vp", "city", "Oslo", "REMOVE"), Batches.Pg(2, 2, "v1", "vp", "age", "41", dataType: "Int", last: true));

        var (source, version) = _es.Document(Index, "v1")!.Value;
        Assert.Equal(2, version);
        Assert.Equal(["person"], source["labels"]!.AsArray().Select(n => (string?)n));
        Assert.Equal("Ann", (string?)source["props"]!["name"]);
        Assert.Equal(41, (int)source["props"]!["age"]!);
        Assert.False(((JsonObject)source["props"]!).ContainsKey("city"));
    }

    [Fact]
    public async Task Delete_RemovesTheDocumentAndALateOlderAddCannotBringItBack()
    {
        await RunAsync(Batches.Pg(5, 1, "v1", "vl", "label", "person", last: true));
        await RunAsync(Batches.Pg(7, 1, "v1", "vl", "label", "person", "REMOVE", last: true));

        await RunAsync(Batches.Pg(5, 1, "v1", "vl", "label", "person", last: true));

        Assert.Null(_es.Document(Index, "v1"));
        Assert.Equal(7, _es.DeletedVersion(Index, "v1"));
    }

    [Fact]
    public async Task VerticesOfOtherLabels_AreNotIndexed()
    {
        await RunAsync(Batches.Pg(1, 1, "r1", "vl", "label", "robot"), Batches.Pg(1, 2, "r1", "vp", "name", "R2", last: true));

        Assert.Null(_es.Document(Index, "r1"));
        Assert.Empty(_es.BulkRequests);
    }

    [Fact]
    public async Task UpdateOfAVertexNeverIndexed_SendsNothing()
    {
        var response = _function.ProcessAsync(Batches.Of(Batches.Pg(3, 1, "v9", "vp", "name", "Zed", last: true)));

        Assert.Empty((await response).BatchItemFailures);
        Assert.Empty(_es.BulkRequests);
    }

    [Fact]
    public async Task SimplifiedFormBatch_IndexesTheMergedVertexAndDeletesTheOtherInOneRequest()
    {
        var response = await _function.ProcessAsync(Fixture.Event("seed-simplified-event.json"));

        Assert.Empty(response.BatchItemFailures);
        Assert.Empty(_es.Violations);
        Assert.Equal(2, Assert.Single(_es.BulkRequests).Length);
        var (source, version) = _es.Document(Index, "vertex_001")!.Value;
        Assert.Equal(4, version);
        Assert.Equal("Tom", (string?)source["props"]!["name"]);
        Assert.Equal(31, (int)source["props"]!["age"]!);
        Assert.Equal(7, _es.DeletedVersion(Index, "vertex_002"));
        Assert.Null(_es.Document(Index, "edge_001"));
    }

    [Fact]
    public async Task BulkRequestRejected_FailsTheInvocationAndTheRedeliverySucceeds()
    {
        _es.FailNextBulkWithStatus = 503;
        var batch = Batches.Of(Batches.Pg(1, 1, "v1", "vl", "label", "person"), Batches.Pg(1, 2, "v1", "vp", "name", "Ann", last: true));

        await Assert.ThrowsAsync<SearchSyncException>(() => _function.ProcessAsync(batch));
        var response = await _function.ProcessAsync(batch);

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal("Ann", (string?)Props("v1")["name"]);
    }

    [Fact]
    public async Task ItemRejectedForAnotherReasonThanAVersionConflict_FailsTheInvocation()
    {
        _es.RejectNextItemWithId = "v2";
        var batch = Batches.Of(Batches.Pg(1, 1, "v1", "vl", "label", "person", last: true), Batches.Pg(2, 1, "v2", "vl", "label", "person", last: true));

        var failure = await Assert.ThrowsAsync<SearchSyncException>(() => _function.ProcessAsync(batch));

        Assert.Contains("v2 (429: es_rejected_execution_exception)", failure.Message, StringComparison.Ordinal);
        Assert.Empty((await _function.ProcessAsync(batch)).BatchItemFailures);
        Assert.NotNull(_es.Document(Index, "v2"));
    }
}
