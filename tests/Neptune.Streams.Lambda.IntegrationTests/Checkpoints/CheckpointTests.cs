using Neptune.Streams.Lambda.Checkpoints;
using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.IntegrationTests.Checkpoints;

/// <summary>A checkpoint covers everything at or before it, and its sort key orders the same way.</summary>
public sealed class CheckpointTests
{
    private static Checkpoint At(string sequence, int? sub = null, NeptuneEventId? eventId = null) => new(sequence, sub, eventId, DateTimeOffset.UnixEpoch);

    [Fact]
    public void AWholeRecordCheckpoint_CoversThatRecordAndEarlierOnesOnly()
    {
        var checkpoint = At("100");

        Assert.True(checkpoint.Covers("99", null, null));
        Assert.True(checkpoint.Covers("100", null, null));
        Assert.True(checkpoint.Covers("100", 7, new NeptuneEventId(1, 1)));
        Assert.False(checkpoint.Covers("101", -1, new NeptuneEventId(1, 1)));
    }

    [Fact]
    public void APartialCheckpoint_CoversTheHandledPrefixOfItsRecord()
    {
        var checkpoint = At("100", -1, new NeptuneEventId(4713, 2));

        Assert.True(checkpoint.Covers("100", -1, new NeptuneEventId(4713, 2)));
        Assert.True(checkpoint.Covers("100", -1, new NeptuneEventId(4711, 9)));
        Assert.False(checkpoint.Covers("100", -1, new NeptuneEventId(4713, 3)));
        Assert.False(checkpoint.Covers("100", null, null));
    }

    [Fact]
    public void ASubRecordCheckpoint_CoversEarlierSubRecords()
    {
        var checkpoint = At("100", 2);

        Assert.True(checkpoint.Covers("100", 1, null));
        Assert.True(checkpoint.Covers("100", 2, new NeptuneEventId(9, 9)));
        Assert.False(checkpoint.Covers("100", 3, null));
    }

    [Fact]
    public void SortKeys_OrderLikePositions()
    {
        Checkpoint[] ordered =
        [
            At("9"),
            At("10", -1, new NeptuneEventId(1, 1)),
            At("10", -1, new NeptuneEventId(1, 2)),
            At("10", -1, new NeptuneEventId(2, 1)),
            At("10", -1),
            At("10", 0, new NeptuneEventId(1, 1)),
            At("10", 0),
            At("10", 11),
            At("10"),
            At("11", 0),
        ];

        for (int i = 1; i < ordered.Length; i++)
        {
            Assert.True(ordered[i - 1].ComparePosition(ordered[i]) < 0, $"{ordered[i - 1]} < {ordered[i]}");
            Assert.True(string.CompareOrdinal(ordered[i - 1].SortKey, ordered[i].SortKey) < 0, $"sort key of {ordered[i - 1]} < {ordered[i]}");
        }
    }

    [Fact]
    public void ACheckpointOfAWholeRecord_NamingAnEvent_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => At("1", null, new NeptuneEventId(1, 1)));
        Assert.Throws<ArgumentException>(() => At("not a number"));
    }
}
