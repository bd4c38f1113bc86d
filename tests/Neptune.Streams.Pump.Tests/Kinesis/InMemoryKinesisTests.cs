using System.Globalization;
using System.Numerics;
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

    [Theory]
    [InlineData(1L)]
    [InlineData(999L)]
    [InlineData(123_456_789_012L)]
    [InlineData(long.MaxValue)]
    public void Sequence_numbers_are_the_56_digit_decimals_they_were_when_made_with_BigInteger(long count)
    {
        BigInteger sequenceBase = BigInteger.Parse("49600000000000000000000000000000000000000000000000000000", CultureInfo.InvariantCulture);

        Assert.Equal((sequenceBase + count).ToString(CultureInfo.InvariantCulture), InMemoryKinesis.Sequence(count));
    }

    [Fact]
    public async Task A_one_shard_stream_takes_every_partition_key_and_numbers_the_records_in_order()
    {
        await _kinesis.CreateStreamAsync("one", 1);
        await _kinesis.CreateStreamAsync("two", 2);

        KinesisPutResult one = await _kinesis.PutRecordsAsync("one", [new("a", "1"u8.ToArray()), new("\ud800 lone", "2"u8.ToArray()), new("z", "3"u8.ToArray())]);
        KinesisPutResult two = await _kinesis.PutRecordsAsync("two", [new("a", "4"u8.ToArray())]);

        Assert.All(one.Entries, e => Assert.Equal("shardId-000000000000", e.ShardId));
        Assert.Equal([InMemoryKinesis.Sequence(1), InMemoryKinesis.Sequence(2), InMemoryKinesis.Sequence(3)], one.Entries.Select(e => e.SequenceNumber));
        Assert.Equal(InMemoryKinesis.Sequence(4), two.Entries[0].SequenceNumber);
    }
}
