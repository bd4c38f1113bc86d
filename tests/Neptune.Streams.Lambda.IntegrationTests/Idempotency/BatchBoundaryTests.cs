using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;
using Neptune.Streams.Lambda.Idempotency;
using Neptune.Streams.Lambda.IntegrationTests.Support;
using Neptune.Streams.Lambda.Resilience;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Lambda.IntegrationTests.Idempotency;

/// <summary>
/// One element's changes in one commit, written as two Kinesis records (a raw producer, or a pump change over 1 MiB),
/// delivered in batches cut at different places: each change takes effect once (issue 11, item 5).
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class BatchBoundaryTests(AwsFixture aws)
{
    private static readonly string R1 = Batches.Pg(5, 1, "v1", "vl", "label", "person");
    private static readonly string R2 = Batches.Pg(5, 2, "v1", "vp", "name", "Bob", last: true);

    [Fact]
    public async Task WholeThenFirstThenSecond_EachChangeTakesEffectOnce()
    {
        // Regression: the key was the event's first id, so [r2] alone (key 5:2) repeated the name already applied by [r1,r2].
        var effects = await DeliverAsync([R1, R2], [R1], [R2]);

        Assert.Equal(["label person", "property name"], effects);
    }

    [Fact]
    public async Task FirstThenWhole_TheSecondChangeIsNotLost()
    {
        // Regression: [r1,r2] had the same key (5:1) as [r1] alone and was skipped as done, so the name never took effect.
        var effects = await DeliverAsync([R1], [R1, R2]);

        Assert.Equal(["label person", "property name"], effects);
    }

    [Fact]
    public async Task FirstThenSecondThenWhole_NothingIsRepeated()
    {
        var effects = await DeliverAsync([R1], [R2], [R1, R2]);

        Assert.Equal(["label person", "property name"], effects);
    }

    [Fact]
    public async Task ReleasingAClaimOnTheRestOfACommit_KeepsWhatWasCompletedBefore()
    {
        string table = await aws.CreateTableAsync();
        var store = new DynamoDbIdempotencyStore(
            aws.DynamoDb(), new IdempotencyOptions { TableName = table }, new AwsCallPipeline(RetryOptions.ForAwsCalls(), TimeProvider.System), TimeProvider.System);
        await store.CompleteAsync(await store.BeginAsync("Indexer", "v1", new NeptuneEventId(5, 1)));

        var rest = await store.BeginAsync("Indexer", "v1", new NeptuneEventId(5, 2));
        await store.ReleaseAsync(rest);

        Assert.Equal(new NeptuneEventId(5, 1), rest.CompletedThrough);
        Assert.True((await store.BeginAsync("Indexer", "v1", new NeptuneEventId(5, 1))).AlreadyCompleted);
        Assert.False((await store.BeginAsync("Indexer", "v1", new NeptuneEventId(5, 2))).AlreadyCompleted);
    }

    private async Task<List<string>> DeliverAsync(params string[][] deliveries)
    {
        string table = await aws.CreateTableAsync();
        var effects = new List<string>();
        await using var function = new TestFunction(builder =>
        {
            builder.Services.AddSingleton(effects);
            builder.Services.AddSingleton(aws.DynamoDb());
            builder.UseDynamoDbIdempotency(table);
            builder.OnAny<EffectHandler>();
        });
        foreach (string[] records in deliveries)
        {
            var response = await function.ProcessAsync(Batches.Of(records));
            Assert.Empty(response.BatchItemFailures);
        }

        return effects;
    }

    /// <summary>One side effect per change: a label set, a property written.</summary>
    private sealed class EffectHandler(IIdempotencyStore store, List<string> effects) : IdempotentGraphEventHandler(store)
    {
        protected override ValueTask HandleOnceAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
        {
            effects.AddRange(graphEvent.Labels.Select(l => $"label {l}"));
            effects.AddRange(graphEvent.Properties.Select(p => $"property {p.Name}"));
            return ValueTask.CompletedTask;
        }
    }
}
