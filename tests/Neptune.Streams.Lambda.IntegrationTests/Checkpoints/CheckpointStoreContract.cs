using Neptune.Streams.Lambda.Checkpoints;
using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.IntegrationTests.Checkpoints;

/// <summary>What every <see cref="ICheckpointStore"/> must do; run against each implementation.</summary>
public abstract class CheckpointStoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private protected abstract Task<ICheckpointStore> CreateStoreAsync();

    private static CheckpointKey Key(string shard = "shardId-000000000000", string? partitionKey = null) =>
        new("orders-fn", "arn:aws:kinesis:us-east-1:123456789012:stream/neptune-changes", shard, partitionKey);

    private static Checkpoint At(string sequence, int? sub = null, NeptuneEventId? eventId = null) => new(sequence, sub, eventId, Now);

    [Fact]
    public async Task Get_BeforeAnyWrite_ReturnsNull()
    {
        ICheckpointStore store = await CreateStoreAsync();

        Assert.Null(await store.GetAsync(Key()));
    }

    [Fact]
    public async Task Advance_ThenGet_ReturnsEveryField()
    {
        ICheckpointStore store = await CreateStoreAsync();

        var outcome = await store.AdvanceAsync(Key(), At("49651234567890", 2, new NeptuneEventId(4713, 4)));
        Checkpoint? read = await store.GetAsync(Key());

        Assert.Equal(CheckpointWriteOutcome.Advanced, outcome);
        Assert.NotNull(read);
        Assert.Equal("49651234567890", read.SequenceNumber);
        Assert.Equal(2, read.SubSequenceNumber);
        Assert.Equal(new NeptuneEventId(4713, 4), read.NeptuneEventId);
        Assert.Equal(Now, read.Timestamp);
    }

    [Fact]
    public async Task Advance_Backwards_IsRefusedAndKeepsTheLaterCheckpoint()
    {
        ICheckpointStore store = await CreateStoreAsync();
        await store.AdvanceAsync(Key(), At("500"));

        var outcome = await store.AdvanceAsync(Key(), At("499"));

        Assert.Equal(CheckpointWriteOutcome.AlreadyAtOrBeyond, outcome);
        Assert.Equal("500", (await store.GetAsync(Key()))!.SequenceNumber);
    }

    [Fact]
    public async Task Advance_ToTheSamePosition_ReportsAlreadyAtOrBeyond()
    {
        ICheckpointStore store = await CreateStoreAsync();
        await store.AdvanceAsync(Key(), At("500", -1, new NeptuneEventId(7, 1)));

        Assert.Equal(CheckpointWriteOutcome.AlreadyAtOrBeyond, await store.AdvanceAsync(Key(), At("500", -1, new NeptuneEventId(7, 1))));
    }

    [Fact]
    public async Task Advance_ComparesSequenceNumbersAsNumbersNotAsText()
    {
        ICheckpointStore store = await CreateStoreAsync();
        string longest = "1" + new string('0', 127);
        string shorter = new('9', 127);
        await store.AdvanceAsync(Key(), At("9"));

        Assert.Equal(CheckpointWriteOutcome.Advanced, await store.AdvanceAsync(Key(), At("10")));
        Assert.Equal(CheckpointWriteOutcome.Advanced, await store.AdvanceAsync(Key(), At(shorter)));
        Assert.Equal(CheckpointWriteOutcome.Advanced, await store.AdvanceAsync(Key(), At(longest)));
        Assert.Equal(CheckpointWriteOutcome.AlreadyAtOrBeyond, await store.AdvanceAsync(Key(), At(shorter)));
        Assert.Equal(longest, (await store.GetAsync(Key()))!.SequenceNumber);
    }

    [Fact]
    public async Task Advance_WithinOneRecord_MovesByNeptuneEventThenSubRecordThenWholeRecord()
    {
        ICheckpointStore store = await CreateStoreAsync();
        Checkpoint[] forward =
        [
            At("700", 0, new NeptuneEventId(10, 1)),
            At("700", 0, new NeptuneEventId(10, 3)),
            At("700", 0),
            At("700", 1, new NeptuneEventId(11, 1)),
            At("700"),
            At("701", -1, new NeptuneEventId(12, 1)),
        ];

        foreach (Checkpoint checkpoint in forward)
        {
            Assert.Equal(CheckpointWriteOutcome.Advanced, await store.AdvanceAsync(Key(), checkpoint));
        }

        Assert.Equal(CheckpointWriteOutcome.AlreadyAtOrBeyond, await store.AdvanceAsync(Key(), At("700", 5)));
        Assert.Equal("701#-1@12:1", (await store.GetAsync(Key()))!.ToString());
    }

    [Fact]
    public async Task ConcurrentWriters_LeaveTheHighestPosition()
    {
        ICheckpointStore store = await CreateStoreAsync();
        string[] sequences = [.. Enumerable.Range(1, 40).Select(i => (49_000_000_000_000_000L + i * 997L).ToString(System.Globalization.CultureInfo.InvariantCulture))];
        string highest = sequences[^1];

        var outcomes = await Task.WhenAll(sequences.Reverse().Select(s => Task.Run(async () => await store.AdvanceAsync(Key(), At(s)))));

        Assert.Equal(highest, (await store.GetAsync(Key()))!.SequenceNumber);
        Assert.Contains(CheckpointWriteOutcome.Advanced, outcomes);
    }

    [Fact]
    public async Task OutOfOrderWrites_NeverMoveTheCheckpointBack()
    {
        ICheckpointStore store = await CreateStoreAsync();
        var random = new Random(4711);
        int[] order = [.. Enumerable.Range(1, 30).OrderBy(_ => random.Next())];
        int highestSoFar = 0;

        foreach (int n in order)
        {
            var outcome = await store.AdvanceAsync(Key(), At((1000 + n).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(n > highestSoFar ? CheckpointWriteOutcome.Advanced : CheckpointWriteOutcome.AlreadyAtOrBeyond, outcome);
            highestSoFar = Math.Max(highestSoFar, n);
            Assert.Equal((1000 + highestSoFar).ToString(System.Globalization.CultureInfo.InvariantCulture), (await store.GetAsync(Key()))!.SequenceNumber);
        }
    }

    [Fact]
    public async Task Keys_OfOtherShardsAndPartitionKeys_AreIndependent()
    {
        ICheckpointStore store = await CreateStoreAsync();
        await store.AdvanceAsync(Key(), At("900"));

        Assert.Equal(CheckpointWriteOutcome.Advanced, await store.AdvanceAsync(Key("shardId-000000000001"), At("5")));
        Assert.Equal(CheckpointWriteOutcome.Advanced, await store.AdvanceAsync(Key(partitionKey: "vertex-1"), At("6")));
        Assert.Equal("900", (await store.GetAsync(Key()))!.SequenceNumber);
        Assert.Equal("6", (await store.GetAsync(Key(partitionKey: "vertex-1")))!.SequenceNumber);
        Assert.Null(await store.GetAsync(Key(partitionKey: "vertex-2")));
    }

    [Fact]
    public async Task GetMany_ReturnsTheStoredCheckpointsAndLeavesOutTheRest()
    {
        ICheckpointStore store = await CreateStoreAsync();
        await store.AdvanceAsync(Key(partitionKey: "a"), At("10"));
        await store.AdvanceAsync(Key(partitionKey: "c"), At("30", 1));

        var found = await store.GetManyAsync([Key(partitionKey: "a"), Key(partitionKey: "b"), Key(partitionKey: "c")]);

        Assert.Equal(2, found.Count);
        Assert.Equal("10", found[Key(partitionKey: "a")].SequenceNumber);
        Assert.Equal(1, found[Key(partitionKey: "c")].SubSequenceNumber);
    }
}
