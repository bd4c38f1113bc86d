using Neptune.Streams.Pump.Kinesis;

namespace Neptune.Streams.Pump.Tests.Kinesis;

public sealed class InMemoryKinesisTests : KinesisClientContract
{
    private readonly InMemoryKinesis _kinesis = new();

    protected override IKinesisClient Client => _kinesis;

    [Fact]
    public async Task Injected_faults_fail_single_entries()
    {
        await _kinesis.CreateStreamAsync("s", 1);
        _kinesis.PutFault = e => e.PartitionKey == "bad" ? "ProvisionedThroughputExceededException" : null;

        KinesisPutResult result = await _kinesis.PutRecordsAsync("s", [new("good", "1"u8.ToArray()), new("bad", "2"u8.ToArray())]);

        Assert.True(result.Entries[0].Succeeded);
        Assert.Equal("ProvisionedThroughputExceededException", result.Entries[1].ErrorCode);
    }
}
