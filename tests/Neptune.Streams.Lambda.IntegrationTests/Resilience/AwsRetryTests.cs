using System.Net;
using Neptune.Streams.Lambda.Checkpoints;
using Neptune.Streams.Lambda.IntegrationTests.Processing;
using Neptune.Streams.Lambda.IntegrationTests.Support;
using Neptune.Streams.Lambda.Resilience;

namespace Neptune.Streams.Lambda.IntegrationTests.Resilience;

/// <summary>
/// Throttling and 5xx answers are retried by the library's pipeline (the SDK's own retries are off here, so every
/// retry counted is the pipeline's); other errors are not.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class AwsRetryTests(AwsFixture aws)
{
    private static AwsCallPipeline Pipeline() =>
        new(new RetryOptions { MaxRetryAttempts = 3, BaseDelay = TimeSpan.Zero }, TimeProvider.System);

    private async Task<(DynamoDbCheckpointStore Store, FaultInjectingHttpClientFactory Faults)> StoreAsync(
        int failures, HttpStatusCode status, string errorType)
    {
        var faults = new FaultInjectingHttpClientFactory("PutItem", failures, status, errorType);
        var options = new CheckpointOptions { TableName = await aws.CreateTableAsync() };
        return (new DynamoDbCheckpointStore(aws.DynamoDb(faults, sdkRetries: 0), options, Pipeline(), TimeProvider.System), faults);
    }

    private static Checkpoint At(string sequence) => new(sequence, null, null, DateTimeOffset.UnixEpoch);

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "InternalServerError")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable")]
    [InlineData(HttpStatusCode.BadRequest, "ProvisionedThroughputExceededException")]
    [InlineData(HttpStatusCode.BadRequest, "ThrottlingException")]
    public async Task ACheckpointWrite_ThatIsThrottledOrFailsOnTheServer_IsRetriedUntilItLands(HttpStatusCode status, string errorType)
    {
        var (store, faults) = await StoreAsync(2, status, errorType);

        var outcome = await store.AdvanceAsync(new CheckpointKey("fn", "arn", "shard"), At("42"));

        Assert.Equal(CheckpointWriteOutcome.Advanced, outcome);
        Assert.Equal(3, faults.Attempts);
        Assert.Equal("42", (await store.GetAsync(new CheckpointKey("fn", "arn", "shard")))!.SequenceNumber);
    }

    [Fact]
    public async Task ACheckpointWrite_RejectedAsInvalid_IsNotRetried()
    {
        var (store, faults) = await StoreAsync(5, HttpStatusCode.BadRequest, "ValidationException");

        await Assert.ThrowsAsync<CheckpointStoreException>(async () => await store.AdvanceAsync(new CheckpointKey("fn", "arn", "shard"), At("42")));

        Assert.Equal(1, faults.Attempts);
    }

    [Fact]
    public async Task ACheckpointWrite_ThatKeepsFailing_LeavesTheBatchCorrectAndIsCounted()
    {
        var batch = Fixture.Event("pg-json-records-event.json");
        IReadOnlyList<string> all = await CheckpointedFunction.BaselineAsync(batch);
        string table = await aws.CreateTableAsync();
        var faults = new FaultInjectingHttpClientFactory("PutItem", 100, HttpStatusCode.InternalServerError, "InternalServerError");
        var log = new HandlerLog();
        await using var function = new TestFunction(builder =>
        {
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(builder.Services, log);
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(builder.Services, aws.DynamoDb(faults, sdkRetries: 0));
            builder.Options.AwsRetry.BaseDelay = TimeSpan.Zero;
            builder.UseDynamoDbCheckpoints(table);
            builder.OnAny<RecordingHandler>();
        });

        var result = await CheckpointedFunction.RunAsync(function, batch);

        Assert.Empty(result.Response.BatchItemFailures);
        Assert.Equal(all, log.Events);
        Assert.Equal(1, result.Summary.CheckpointFailures);
        // The default pipeline: the first attempt and 3 retries.
        Assert.Equal(1 + RetryOptions.ForAwsCalls().MaxRetryAttempts, faults.Attempts);
    }
}
