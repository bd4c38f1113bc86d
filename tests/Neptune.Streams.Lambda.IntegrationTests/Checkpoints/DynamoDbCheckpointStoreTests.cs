using Neptune.Streams.Lambda.Checkpoints;
using Neptune.Streams.Lambda.IntegrationTests.Support;
using Neptune.Streams.Lambda.Resilience;

namespace Neptune.Streams.Lambda.IntegrationTests.Checkpoints;

/// <summary>The checkpoint contract on the DynamoDB store, against moto_server.</summary>
[Collection(MotoCollection.Name)]
public sealed class DynamoDbCheckpointStoreTests(AwsFixture aws) : CheckpointStoreContract
{
    private protected override async Task<ICheckpointStore> CreateStoreAsync()
    {
        string table = await aws.CreateTableAsync();
        // One request at a time reaches moto_server, whose conditional writes are not atomic under concurrent requests.
        return new DynamoDbCheckpointStore(
            aws.DynamoDb(new OneRequestAtATimeHttpClientFactory()), new CheckpointOptions { TableName = table }, new AwsCallPipeline(RetryOptions.ForAwsCalls(), TimeProvider.System), TimeProvider.System);
    }

    [Fact]
    public async Task Get_OnAMissingTable_ThrowsTheLibrarysOwnException()
    {
        var store = new DynamoDbCheckpointStore(
            aws.DynamoDb(), new CheckpointOptions { TableName = "no-such-table" }, new AwsCallPipeline(RetryOptions.ForAwsCalls(), TimeProvider.System), TimeProvider.System);

        var ex = await Assert.ThrowsAsync<CheckpointStoreException>(async () => await store.GetAsync(new CheckpointKey("fn", "arn", "shard")));

        Assert.Contains("no-such-table", ex.Message, StringComparison.Ordinal);
    }
}
