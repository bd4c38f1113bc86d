using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Idempotency;
using Neptune.Streams.Lambda.IntegrationTests.Processing;
using Neptune.Streams.Lambda.IntegrationTests.Support;
using Neptune.Streams.Lambda.Resilience;

namespace Neptune.Streams.Lambda.IntegrationTests.Idempotency;

/// <summary>Per-element high-water marks on DynamoDB (moto_server): forward only, and events at or below are skipped.</summary>
[Collection(MotoCollection.Name)]
public sealed class DynamoDbHighWaterMarkStoreTests(AwsFixture aws)
{
    // One request at a time reaches moto_server, whose conditional writes are not atomic under concurrent requests.
    private async Task<IHighWaterMarkStore> CreateAsync() => new DynamoDbHighWaterMarkStore(
        aws.DynamoDb(new OneRequestAtATimeHttpClientFactory()),
        new IdempotencyOptions { TableName = await aws.CreateTableAsync() },
        new AwsCallPipeline(RetryOptions.ForAwsCalls(), TimeProvider.System),
        TimeProvider.System);

    [Fact]
    public async Task TryAdvance_MovesForwardOnlyAndComparesCommitBeforeOp()
    {
        var store = await CreateAsync();

        Assert.Null(await store.GetAsync("Cache", "v1"));
        Assert.True(await store.TryAdvanceAsync("Cache", "v1", new NeptuneEventId(9, 12)));
        Assert.True(await store.TryAdvanceAsync("Cache", "v1", new NeptuneEventId(10, 1)));
        Assert.False(await store.TryAdvanceAsync("Cache", "v1", new NeptuneEventId(9, 99)));
        Assert.False(await store.TryAdvanceAsync("Cache", "v1", new NeptuneEventId(10, 1)));
        Assert.Equal(new NeptuneEventId(10, 1), await store.GetAsync("Cache", "v1"));
        Assert.Null(await store.GetAsync("Cache", "v2"));
    }

    [Fact]
    public async Task ConcurrentAdvances_LeaveTheHighestMark()
    {
        var store = await CreateAsync();

        await Task.WhenAll(Enumerable.Range(1, 20).Reverse().Select(i => Task.Run(async () =>
            await store.TryAdvanceAsync("Cache", "v1", new NeptuneEventId(100 + i, 1)))));

        Assert.Equal(new NeptuneEventId(120, 1), await store.GetAsync("Cache", "v1"));
    }

    [Fact]
    public async Task ExecuteIfNewer_SkipsEventsAtOrBelowTheMark()
    {
        var store = await CreateAsync();
        var events = new List<GraphEvent>();
        var log = new HandlerLog { BeforeEvent = (e, _) => events.Add(e) };
        await using (var function = CheckpointedFunction.Create(log, null, null))
        {
            await CheckpointedFunction.RunAsync(function, Fixture.Event("pg-json-records-event.json"));
        }

        var applied = new List<string>();
        foreach (GraphEvent e in events.Concat(events))
        {
            await store.ExecuteIfNewerAsync("Cache", e, _ =>
            {
                applied.Add(e.IdempotencyKey);
                return ValueTask.CompletedTask;
            });
        }

        Assert.Equal(events.Select(e => e.IdempotencyKey), applied);
    }
}
