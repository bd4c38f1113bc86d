using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;
using Neptune.Streams.Lambda.Hosting;
using Neptune.Streams.Lambda.Idempotency;
using Neptune.Streams.Lambda.IntegrationTests.Processing;
using Neptune.Streams.Lambda.IntegrationTests.Support;
using Neptune.Streams.Lambda.Resilience;

namespace Neptune.Streams.Lambda.IntegrationTests.Idempotency;

/// <summary>Idempotency markers on DynamoDB (moto_server): duplicates skipped, concurrent claims refused, crashed claims taken over.</summary>
[Collection(MotoCollection.Name)]
public sealed class DynamoDbIdempotencyStoreTests(AwsFixture aws)
{
    private static readonly NeptuneEventId Event = new(4711, 1);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    private async Task<IIdempotencyStore> CreateAsync(Amazon.Runtime.HttpClientFactory? http = null)
    {
        var options = new IdempotencyOptions { TableName = await aws.CreateTableAsync(), InProgressExpiry = TimeSpan.FromMinutes(1) };
        return new DynamoDbIdempotencyStore(aws.DynamoDb(http), options, new AwsCallPipeline(RetryOptions.ForAwsCalls(), _clock), _clock);
    }

    [Fact]
    public async Task Begin_OnANewEvent_ClaimsIt()
    {
        var store = await CreateAsync();

        var lease = await store.BeginAsync("SearchIndexer", "v1", Event);

        Assert.False(lease.AlreadyCompleted);
    }

    [Theory]
    [InlineData(2048, false)] // the partition key at exactly DynamoDB's limit: the id is kept
    [InlineData(2049, true)]  // one byte past it: the id is hashed
    [InlineData(5000, true)]
    public async Task ElementIdsAtAndPastTheKeyLimit_AreClaimedCompletedAndSkipped(int keyBytes, bool hashed)
    {
        // Regression (issue 16): a raw id over ~2 KB made every attempt fail DynamoDB's key validation and stalled the shard.
        var store = await CreateAsync();
        const string Prefix = "idempotency#SearchIndexer#";
        string id = "é" + new string('x', keyBytes - Prefix.Length - 2); // é is two UTF-8 bytes

        await store.CompleteAsync(await store.BeginAsync("SearchIndexer", id, Event));
        var again = await store.BeginAsync("SearchIndexer", id, Event);
        var other = await store.BeginAsync("SearchIndexer", id[..^1] + "y", Event);

        Assert.True(again.AlreadyCompleted);
        Assert.False(other.AlreadyCompleted);
        Assert.Equal(hashed, ElementKeys.For("idempotency#", "SearchIndexer", id).StartsWith(Prefix + "sha256:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(2048)]
    [InlineData(2049)]
    public async Task HighWaterMarks_ForIdsAtAndPastTheKeyLimit_MoveForward(int keyBytes)
    {
        string table = await aws.CreateTableAsync();
        var marks = new DynamoDbHighWaterMarkStore(
            aws.DynamoDb(), new IdempotencyOptions { TableName = table }, new AwsCallPipeline(RetryOptions.ForAwsCalls(), _clock), _clock);
        string id = new('x', keyBytes - "hwm#Cache#".Length);

        Assert.True(await marks.TryAdvanceAsync("Cache", id, Event));
        Assert.Equal(Event, await marks.GetAsync("Cache", id));
    }

    [Fact]
    public void AShortIdThatLooksLikeAHash_NeverNamesALongIdsItems()
    {
        string longId = new('a', 3_000);
        string hashedKey = ElementKeys.For("idempotency#", "H", longId);
        string lookalike = hashedKey["idempotency#H#".Length..];

        Assert.NotEqual(hashedKey, ElementKeys.For("idempotency#", "H", lookalike));
    }

    [Fact]
    public async Task Begin_AfterTheEventCompleted_ReportsADuplicate()
    {
        var store = await CreateAsync();
        await store.CompleteAsync(await store.BeginAsync("SearchIndexer", "v1", Event));

        var again = await store.BeginAsync("SearchIndexer", "v1", Event);

        Assert.True(again.AlreadyCompleted);
    }

    [Fact]
    public async Task Begin_ForAnotherHandlerElementOrEvent_IsIndependent()
    {
        var store = await CreateAsync();
        await store.CompleteAsync(await store.BeginAsync("SearchIndexer", "v1", Event));

        Assert.False((await store.BeginAsync("Notifier", "v1", Event)).AlreadyCompleted);
        Assert.False((await store.BeginAsync("SearchIndexer", "v2", Event)).AlreadyCompleted);
        Assert.False((await store.BeginAsync("SearchIndexer", "v1", new NeptuneEventId(4711, 2))).AlreadyCompleted);
    }

    [Fact]
    public async Task TryBegin_WhileAnotherInvocationHoldsTheEvent_IsRefusedUntilTheClaimExpires()
    {
        var store = (DynamoDbIdempotencyStore)await CreateAsync();
        await store.BeginAsync("SearchIndexer", "v1", Event);

        var (lease, heldUntil) = await store.TryBeginAsync("SearchIndexer", "v1", Event, default);

        Assert.Null(lease);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(1), heldUntil);
    }

    [Fact]
    public async Task Begin_WhenItsTokenFiresWhileAnotherInvocationHoldsTheEvent_FailsWithTheInProgressException()
    {
        var store = await CreateAsync();
        await store.BeginAsync("SearchIndexer", "v1", Event);
        using var cancelled = new CancellationTokenSource();
        var waiting = store.BeginAsync("SearchIndexer", "v1", Event, cancelled.Token).AsTask();

        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => waiting);
        Assert.False((await ((DynamoDbIdempotencyStore)store).TryBeginAsync("SearchIndexer", "v1", Event, default)).Lease is { AlreadyCompleted: false });
    }

    [Fact]
    public async Task ConcurrentBegins_ExactlyOneClaimsTheEvent()
    {
        // moto_server does not make a conditional write atomic under concurrent requests (DynamoDB does): one request
        // at a time reaches it, while the twelve callers still race each other (see OneRequestAtATimeHttpClientFactory).
        var store = (DynamoDbIdempotencyStore)await CreateAsync(new OneRequestAtATimeHttpClientFactory());

        var attempts = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(async () =>
            (await store.TryBeginAsync("SearchIndexer", "v1", Event, default)).Lease is not null)));

        Assert.Single(attempts, claimed => claimed);
    }

    [Fact]
    public async Task Begin_AfterTheHoldersMarkerExpired_TakesTheEventOver()
    {
        var store = await CreateAsync();
        var crashed = await store.BeginAsync("SearchIndexer", "v1", Event);
        _clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));

        var takeover = await store.BeginAsync("SearchIndexer", "v1", Event);
        await store.ReleaseAsync(crashed);

        Assert.False(takeover.AlreadyCompleted);
        // The crashed holder's late release must not free the new holder's claim.
        Assert.Null((await ((DynamoDbIdempotencyStore)store).TryBeginAsync("SearchIndexer", "v1", Event, default)).Lease);
    }

    [Fact]
    public async Task Release_LetsTheNextAttemptClaimAtOnce()
    {
        var store = await CreateAsync();
        await store.ReleaseAsync(await store.BeginAsync("SearchIndexer", "v1", Event));

        var retry = await store.BeginAsync("SearchIndexer", "v1", Event);

        Assert.False(retry.AlreadyCompleted);
    }

    [Fact]
    public async Task ExecuteOnce_WhenTheDeadlineFiresDuringTheAction_StillRecordsItDoneSoItRunsOnce()
    {
        // Regression (found by the chaos run): the completion was abandoned with the cancelled token, the claim stayed
        // in progress, and after it expired a redelivery applied the effect a second time.
        var store = await CreateAsync();
        var graphEvent = (await EventsAsync())[0];
        using var deadline = new CancellationTokenSource();
        int runs = 0;

        bool first = await store.ExecuteOnceAsync("SearchIndexer", graphEvent, _ =>
        {
            runs++;
            deadline.Cancel();
            return ValueTask.CompletedTask;
        }, deadline.Token);
        _clock.Advance(TimeSpan.FromMinutes(10));
        bool second = await store.ExecuteOnceAsync("SearchIndexer", graphEvent, _ =>
        {
            runs++;
            return ValueTask.CompletedTask;
        });

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task ApplyOnce_WhenTheEffectEndsPastTheResponseReserveOfTheInvocation_StillRecordsItDoneSoItRunsOnce()
    {
        // Regression (the chaos run's follows-64 duplicate, suspected): inside an invocation the completion was bounded by
        // "before the response is due", a token already cancelled when the effect ended that late, so it was abandoned
        // and a redelivery applied the effect again after the claim expired.
        var store = await CreateAsync();
        var graphEvent = (await EventsAsync())[0];
        Neptune.Streams.Lambda.Processing.InvocationDeadline.Set(_clock.GetUtcNow() + TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1));
        int runs = 0;

        bool first = await store.ApplyOnceAsync("SearchIndexer", graphEvent, (_, _) =>
        {
            runs++;
            _clock.Advance(TimeSpan.FromMilliseconds(2500));
            return ValueTask.CompletedTask;
        });
        Neptune.Streams.Lambda.Processing.InvocationDeadline.Set(null, TimeSpan.Zero);
        _clock.Advance(TimeSpan.FromMinutes(10));
        bool second = await store.ApplyOnceAsync("SearchIndexer", graphEvent, (_, _) =>
        {
            runs++;
            return ValueTask.CompletedTask;
        });

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task ExecuteOnce_WhenTheActionFails_ReleasesSoARetryRunsIt()
    {
        var store = await CreateAsync();
        var graphEvent = (await EventsAsync())[0];
        int runs = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.ExecuteOnceAsync("SearchIndexer", graphEvent, _ =>
        {
            runs++;
            throw new InvalidOperationException("downstream said no");
        }));
        bool ran = await store.ExecuteOnceAsync("SearchIndexer", graphEvent, _ =>
        {
            runs++;
            return ValueTask.CompletedTask;
        });

        Assert.True(ran);
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task AnIdempotentHandler_RunsItsSideEffectOncePerEventAcrossRedeliveries()
    {
        var batch = Fixture.Event("pg-json-records-event.json");
        IReadOnlyList<string> all = await CheckpointedFunction.BaselineAsync(batch);
        string table = await aws.CreateTableAsync();
        var log = new HandlerLog();
        await using var function = new TestFunction(builder =>
        {
            builder.Services.AddSingleton(log);
            builder.Services.AddSingleton(aws.DynamoDb());
            builder.UseDynamoDbIdempotency(table);
            builder.OnAny<OnceHandler>();
        });

        await CheckpointedFunction.RunAsync(function, batch);
        var again = await CheckpointedFunction.RunAsync(function, batch);

        Assert.Equal(all, log.Events);
        Assert.Null(again.Summary.FailedSequenceNumber);
    }

    [Fact]
    public async Task AnEventHeldByALiveInvocation_IsWaitedForUntilTheDeadlineThenReportedAndHandledOnceReleased()
    {
        var batch = Fixture.Event("pg-json-records-event.json");
        IReadOnlyList<string> all = await CheckpointedFunction.BaselineAsync(batch);
        GraphEvent held = (await EventsAsync())[2];
        string table = await aws.CreateTableAsync();
        var other = new DynamoDbIdempotencyStore(
            aws.DynamoDb(), new IdempotencyOptions { TableName = table }, new AwsCallPipeline(RetryOptions.ForAwsCalls(), TimeProvider.System), TimeProvider.System);
        IdempotencyLease lease = await other.BeginAsync(nameof(OnceHandler), held.Id, held.FirstEventId);
        var log = new HandlerLog();
        await using var function = new TestFunction(builder =>
        {
            builder.Services.AddSingleton(log);
            builder.Services.AddSingleton(aws.DynamoDb());
            builder.UseDynamoDbIdempotency(table);
            builder.OnAny<OnceHandler>();
        });
        var invocation = new InvocationContext { FunctionName = "orders-consumer", Deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(3) };

        var blocked = await function.ProcessBatchAsync(batch, invocation, default);
        await other.ReleaseAsync(lease);
        var redelivered = await CheckpointedFunction.RunAsync(function, batch);

        // The held event (4713's "knows" edge) starts in the batch's seventh record: Lambda redelivers from there.
        Assert.Equal(batch.Records[6].Kinesis.SequenceNumber, blocked.Summary.FailedSequenceNumber);
        Assert.Null(redelivered.Summary.FailedSequenceNumber);
        Assert.Equal(all, log.Events);
    }

    private static async Task<IReadOnlyList<GraphEvent>> EventsAsync()
    {
        var collected = new List<GraphEvent>();
        var log = new HandlerLog { BeforeEvent = (e, _) => collected.Add(e) };
        await using var function = CheckpointedFunction.Create(log, null, null);
        await CheckpointedFunction.RunAsync(function, Fixture.Event("pg-json-records-event.json"));
        return collected;
    }

    private sealed class OnceHandler(IIdempotencyStore store, HandlerLog log) : IdempotentGraphEventHandler(store)
    {
        protected override ValueTask HandleOnceAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
        {
            log.Record(graphEvent);
            return ValueTask.CompletedTask;
        }
    }
}
