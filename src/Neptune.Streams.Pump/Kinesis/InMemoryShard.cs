using System.Numerics;

namespace Neptune.Streams.Pump.Kinesis;

/// <summary>One shard of an <see cref="InMemoryKinesis"/> stream: its hash key range and its records.</summary>
internal sealed class InMemoryShard
{
    public required string ShardId { get; init; }

    public required BigInteger StartingHashKey { get; init; }

    public required BigInteger EndingHashKey { get; init; }

    public List<KinesisRecord> Records { get; } = [];

    public bool Takes(BigInteger hashKey) => hashKey >= StartingHashKey && hashKey <= EndingHashKey;

    /// <summary>The index of the first record after (or at) <paramref name="sequenceNumber"/>.</summary>
    public int IndexOf(string sequenceNumber, bool after)
    {
        BigInteger wanted = BigInteger.Parse(sequenceNumber, System.Globalization.CultureInfo.InvariantCulture);
        int index = Records.FindIndex(r =>
        {
            BigInteger seq = BigInteger.Parse(r.SequenceNumber, System.Globalization.CultureInfo.InvariantCulture);
            return after ? seq > wanted : seq >= wanted;
        });
        return index < 0 ? Records.Count : index;
    }
}
