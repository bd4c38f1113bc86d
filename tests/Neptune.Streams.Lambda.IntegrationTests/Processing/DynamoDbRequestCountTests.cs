using Microsoft.Extensions.Time.Testing;
using Neptune.Streams.TestSupport;
using Neptune.Streams.Lambda.Checkpoints;
using Neptune.Streams.Lambda.IntegrationTests.Support;

namespace Neptune.Streams.Lambda.IntegrationTests.Processing;

/// <summary>What checkpointing costs in DynamoDB requests, counted on the wire (every HTTP request the SDK sends).</summary>
[Collection(MotoCollection.Name)]
public sealed class DynamoDbRequestCountTests(AwsFixture aws)
{
    [Theory]
    [InlineData("pg-json-records-event.json")]
    [InlineData("pg-json-page-event.json")]
    [InlineData("pg-json-kpl-event.json")]
    [InlineData("nquads-records-event.json")]
    public async Task ABatchWithTheIntervalOff_CostsOneReadAndOneWrite(string fixture)
    {
        var batch = Fixture.Event(fixture);
        string table = await aws.CreateTableAsync();
        var counter = new CountingHttpClientFactory();
        var log = new HandlerLog();
        await using var function = CheckpointedFunction.Create(log, aws.DynamoDb(counter), table);

        var result = await CheckpointedFunction.RunAsync(function, batch);

        Assert.Null(result.Summary.FailedSequenceNumber);
        Assert.NotEmpty(log.Events);
        Assert.Equal(2, counter.Requests);
        Assert.Equal(1, result.Summary.CheckpointWrites);
    }

    [Fact]
    public async Task ARedeliveredBatch_CostsOneReadAndReachesNoHandler()
    {
        var batch = Fixture.Event("pg-json-records-event.json");
        string table = await aws.CreateTableAsync();
        var counter = new CountingHttpClientFactory();
        var log = new HandlerLog();
        await using var function = CheckpointedFunction.Create(log, aws.DynamoDb(counter), table);
        await CheckpointedFunction.RunAsync(function, batch);
        log.Clear();
        counter.Reset();

        var again = await CheckpointedFunction.RunAsync(function, batch);

        Assert.Empty(log.Events);
        Assert.Equal(batch.Records.Count, again.Summary.DuplicatesSkipped);
        Assert.Equal(1, counter.Requests);
    }

    [Fact]
    public async Task ARecordInterval_AddsOneWritePerInterval()
    {
        var batch = Fixture.Event("pg-json-records-event.json");
        string table = await aws.CreateTableAsync();
        var counter = new CountingHttpClientFactory();
        await using var function = CheckpointedFunction.Create(new HandlerLog(), aws.DynamoDb(counter), table, o => o.RecordInterval = 2);

        var result = await CheckpointedFunction.RunAsync(function, batch);

        // 6 of the 17 records end a transaction (3, 6, 9, 11, 13, 17; the others end inside an open event), and every
        // second of them writes; the write after record 17 leaves the final write nothing to do. Plus the read.
        Assert.Equal(3, result.Summary.CheckpointWrites);
        Assert.Equal(4, counter.Requests);
    }

    [Fact]
    public async Task ATimeInterval_WritesWhenThatMuchTimeHasPassedSinceTheLastWrite()
    {
        var batch = Fixture.Event("pg-json-records-event.json");
        string table = await aws.CreateTableAsync();
        var counter = new CountingHttpClientFactory();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        // Every event takes 40 s of (fake) time and the interval is a minute: every second event is followed by a write.
        var log = new HandlerLog { BeforeEvent = (_, _) => clock.Advance(TimeSpan.FromSeconds(40)) };
        await using var function = new TestFunction(builder =>
        {
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(builder.Services, log);
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(builder.Services, aws.DynamoDb(counter));
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<TimeProvider>(builder.Services, clock);
            builder.UseDynamoDbCheckpoints(table, o => o.TimeInterval = TimeSpan.FromMinutes(1));
            builder.OnAny<RecordingHandler>();
        });

        var result = await CheckpointedFunction.RunAsync(function, batch);

        // Events 2, 4, 6 and 8 end records 6, 9, 13 and 17, and each of those records' completion is written; the
        // final write then has nothing new: 4 writes and the read.
        Assert.Equal(8, log.Events.Count);
        Assert.Equal(4, result.Summary.CheckpointWrites);
        Assert.Equal(5, counter.Requests);
    }

    [Fact]
    public async Task AFailingCheckpointTable_LeavesTheBatchResultCorrectAndIsCounted()
    {
        var batch = Fixture.Event("pg-json-records-event.json");
        IReadOnlyList<string> all = await CheckpointedFunction.BaselineAsync(batch);
        var log = new HandlerLog();
        await using var function = CheckpointedFunction.Create(log, aws.DynamoDb(), "no-such-checkpoint-table");

        var result = await CheckpointedFunction.RunAsync(function, batch);

        Assert.Null(result.Summary.FailedSequenceNumber);
        Assert.Empty(result.Response.BatchItemFailures);
        Assert.Equal(all, log.Events);
        Assert.Equal(2, result.Summary.CheckpointFailures);
        Assert.Equal(0, result.Summary.CheckpointWrites);
    }

    [Fact]
    public async Task PartitionKeyScope_ReadsEveryKeyInOneRequest()
    {
        var batch = Fixture.Event("pg-json-records-event.json");
        int partitionKeys = batch.Records.Select(r => r.Kinesis.PartitionKey).Distinct().Count();
        string table = await aws.CreateTableAsync();
        var counter = new CountingHttpClientFactory();
        await using var function = CheckpointedFunction.Create(new HandlerLog(), aws.DynamoDb(counter), table, o => o.Scope = CheckpointScope.PartitionKey);

        var result = await CheckpointedFunction.RunAsync(function, batch);

        Assert.Equal(partitionKeys, result.Summary.CheckpointWrites);
        Assert.Equal(1 + partitionKeys, counter.Requests);
    }
}
