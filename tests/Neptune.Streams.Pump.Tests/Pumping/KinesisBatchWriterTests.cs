using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.Pumping;

namespace Neptune.Streams.Pump.Tests.Pumping;

public sealed class KinesisBatchWriterTests
{
    [Fact]
    public void A_call_never_holds_two_entries_of_one_key_nor_jumps_a_key_ahead()
    {
        List<KinesisPutEntry> pending = [new("a", new byte[1]), new("b", new byte[1]), new("a", new byte[1]), new("c", new byte[1]), new("b", new byte[1])];

        List<int> batch = KinesisBatchWriter.SelectBatch(pending);

        Assert.Equal([0, 1, 3], batch);
    }

    [Fact]
    public void A_call_stays_within_500_records_and_5_MiB()
    {
        List<KinesisPutEntry> many = [.. Enumerable.Range(0, 700).Select(i => new KinesisPutEntry($"k{i}", new byte[10]))];
        List<KinesisPutEntry> large = [.. Enumerable.Range(0, 10).Select(i => new KinesisPutEntry($"k{i}", new byte[1000 * 1024]))];

        Assert.Equal(500, KinesisBatchWriter.SelectBatch(many).Count);
        Assert.Equal(5, KinesisBatchWriter.SelectBatch(large).Count);
    }
}
