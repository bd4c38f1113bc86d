using Neptune.Streams.Lambda.Checkpoints;
using Neptune.Streams.Lambda.IntegrationTests.Support;
using Neptune.Streams.Lambda.Resilience;

namespace Neptune.Streams.Lambda.IntegrationTests.Processing;

/// <summary>
/// A batch stopped part-way (cancelled near the deadline, or the process dying) and delivered again: only what the
/// checkpoint does not cover reaches the handlers.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class CrashRedeliveryTests(AwsFixture aws)
{
    [Theory]
    [InlineData("pg-json-records-event.json", CheckpointScope.Shard, 3)]
    [InlineData("pg-json-records-event.json", CheckpointScope.PartitionKey, 3)]
    [InlineData("pg-json-records-event.json", CheckpointScope.Shard, 6)]
    [InlineData("pg-json-page-event.json", CheckpointScope.Shard, 3)]
    [InlineData("nquads-records-event.json", CheckpointScope.Shard, 2)]
    [InlineData("seed-simplified-event.json", CheckpointScope.Shard, 4)]
    public async Task CancelledAfterKEvents_RedeliveryReachesOnlyTheEventsAfterTheCheckpoint(string fixture, CheckpointScope scope, int k)
    {
        var batch = Fixture.Event(fixture);
        IReadOnlyList<string> all = await CheckpointedFunction.BaselineAsync(batch);
        string table = await aws.CreateTableAsync();
        var log = new HandlerLog();
        using var stop = new CancellationTokenSource();
        log.BeforeEvent = (_, handledBefore) =>
        {
            if (handledBefore == k - 1)
            {
                stop.Cancel();
            }
        };

        await using (var first = CheckpointedFunction.Create(log, aws.DynamoDb(), table, o => o.Scope = scope))
        {
            var stopped = await CheckpointedFunction.RunAsync(first, batch, stop.Token);
            Assert.NotNull(stopped.Summary.FailedSequenceNumber);
            Assert.Equal(0, stopped.Summary.CheckpointFailures);
        }

        Assert.Equal(all.Take(k), log.Events);
        log.Clear();
        log.BeforeEvent = null;

        await using var second = CheckpointedFunction.Create(log, aws.DynamoDb(), table, o => o.Scope = scope);
        var redelivered = await CheckpointedFunction.RunAsync(second, batch);

        Assert.Equal(all.Skip(k), log.Events);
        Assert.Null(redelivered.Summary.FailedSequenceNumber);
        Assert.True(redelivered.Summary.DuplicatesSkipped > 0);
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(3, 8)]
    [InlineData(7, 14)]
    public async Task AKplRecordHandledInPart_ReplaysOnlyTheSubRecordsAfterTheCheckpoint(int k, int subRecordsOfTheFirstKEvents)
    {
        var batch = Fixture.Event("pg-json-records-event.json");
        var aggregate = batch.Records[0];
        aggregate.Kinesis.Data = Convert.ToBase64String(Neptune.Streams.Lambda.Testing.KplAggregate.Pack(
            [.. batch.Records.Select(r => (r.Kinesis.PartitionKey, Convert.FromBase64String(r.Kinesis.Data)))]));
        batch.Records = [aggregate]; // the whole batch as one KPL-aggregated record
        IReadOnlyList<string> all = await CheckpointedFunction.BaselineAsync(batch);
        string table = await aws.CreateTableAsync();
        var log = new HandlerLog();
        using var stop = new CancellationTokenSource();
        log.BeforeEvent = (_, handledBefore) =>
        {
            if (handledBefore == k - 1)
            {
                stop.Cancel();
            }
        };
        await using (var first = CheckpointedFunction.Create(log, aws.DynamoDb(), table))
        {
            await CheckpointedFunction.RunAsync(first, batch, stop.Token);
        }

        log.Clear();
        log.BeforeEvent = null;
        await using var second = CheckpointedFunction.Create(log, aws.DynamoDb(), table);
        var redelivered = await CheckpointedFunction.RunAsync(second, batch);

        Assert.Equal(8, all.Count);
        Assert.Equal(all.Skip(k), log.Events);
        Assert.Equal(subRecordsOfTheFirstKEvents, redelivered.Summary.DuplicatesSkipped);
        Assert.Null(redelivered.Summary.FailedSequenceNumber);
    }

    [Fact]
    public async Task ProcessDiesMidBatch_RedeliveryReplaysOnlyWhatFollowsTheLastIntervalCheckpoint()
    {
        var batch = Fixture.Event("pg-json-records-event.json");
        IReadOnlyList<string> all = await CheckpointedFunction.BaselineAsync(batch);
        string table = await aws.CreateTableAsync();
        const int interval = 4;
        const int crashAt = 6;
        var log = new HandlerLog
        {
            // The one exception the processor lets through, standing in for the process dying: no final write happens.
            BeforeEvent = (_, handledBefore) =>
            {
                if (handledBefore == crashAt)
                {
#pragma warning disable CA2201 // Reserved by the runtime: exactly why the processor does not catch it.
                    throw new OutOfMemoryException("simulated crash");
#pragma warning restore CA2201
                }
            },
        };

        await using (var first = CheckpointedFunction.Create(log, aws.DynamoDb(), table, o => o.RecordInterval = interval))
        {
            await Assert.ThrowsAsync<OutOfMemoryException>(() => CheckpointedFunction.RunAsync(first, batch));
        }

        Assert.Equal(all.Take(crashAt), log.Events);
        var store = new DynamoDbCheckpointStore(
            aws.DynamoDb(), new CheckpointOptions { TableName = table }, new AwsCallPipeline(RetryOptions.ForAwsCalls(), TimeProvider.System), TimeProvider.System);
        Checkpoint? stored = await store.GetAsync(new CheckpointKey(
            CheckpointedFunction.FunctionName, batch.Records[0].EventSourceArn!, batch.Records[0].ShardId));
        Assert.NotNull(stored);
        int checkpointed = batch.Records.ToList().FindIndex(r => r.Kinesis.SequenceNumber == stored.SequenceNumber) + 1;
        log.Clear();
        log.BeforeEvent = null;

        await using var second = CheckpointedFunction.Create(log, aws.DynamoDb(), table, o => o.RecordInterval = interval);
        var redelivered = await CheckpointedFunction.RunAsync(second, batch);

        // Records 1–11 were checkpointed by the interval write after the fourth record that completed an event; the
        // crash came in record 14, so the redelivery replays records 12–13 (one event, 4715) and goes on from there.
        Assert.Equal(11, checkpointed);
        Assert.Equal(checkpointed, redelivered.Summary.DuplicatesSkipped);
        Assert.Equal(all.Skip(crashAt - 1), log.Events);
        Assert.Equal(batch.Records.Count - checkpointed, redelivered.Summary.RecordsProcessed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(7)]
    public async Task AReportedFailure_IsNeverCheckpointedPastAndIsHandledOnRedelivery(int failing)
    {
        var batch = Fixture.Event("pg-json-records-event.json");
        IReadOnlyList<string> all = await CheckpointedFunction.BaselineAsync(batch);
        string table = await aws.CreateTableAsync();
        bool failedOnce = false;
        var log = new HandlerLog
        {
            BeforeEvent = (_, handledBefore) =>
            {
                if (handledBefore == failing && !failedOnce)
                {
                    failedOnce = true;
                    throw new Handlers.PermanentHandlerException("downstream rejected it");
                }
            },
        };
        await using var function = CheckpointedFunction.Create(log, aws.DynamoDb(), table);

        var failed = await CheckpointedFunction.RunAsync(function, batch);
        var redelivered = await CheckpointedFunction.RunAsync(function, batch);

        Assert.NotNull(failed.Summary.FailedSequenceNumber);
        Assert.Null(redelivered.Summary.FailedSequenceNumber);
        Assert.Equal(all, log.Events);
    }

    [Fact]
    public async Task WithoutACheckpointStore_RedeliveryHandlesEverythingAgain()
    {
        var batch = Fixture.Event("pg-json-records-event.json");
        var log = new HandlerLog();
        await using var function = CheckpointedFunction.Create(log, null, null);

        await CheckpointedFunction.RunAsync(function, batch);
        int once = log.Events.Count;
        var again = await CheckpointedFunction.RunAsync(function, batch);

        Assert.Equal(2 * once, log.Events.Count);
        Assert.Equal(0, again.Summary.DuplicatesSkipped);
    }

    [Fact]
    public async Task InMemoryCheckpoints_SkipARedeliveryToTheSameInstance()
    {
        var batch = Fixture.Event("pg-json-records-event.json");
        var log = new HandlerLog();
        await using var function = new TestFunction(builder =>
        {
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(builder.Services, log);
            builder.UseInMemoryCheckpoints();
            builder.OnAny<RecordingHandler>();
        });

        await CheckpointedFunction.RunAsync(function, batch);
        int once = log.Events.Count;
        var again = await CheckpointedFunction.RunAsync(function, batch);

        Assert.Equal(once, log.Events.Count);
        Assert.Equal(batch.Records.Count, again.Summary.DuplicatesSkipped);
    }
}
