using System.Text;
using Neptune.Streams.Pump.Kinesis;

namespace Neptune.Streams.Pump.Tests.Kinesis;

/// <summary>What every <see cref="IKinesisClient"/> must do; run against the in-memory Kinesis and moto_server.</summary>
public abstract class KinesisClientContract
{
    protected abstract IKinesisClient Client { get; }

    private static string NewStreamName() => "s" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Lists_shards_covering_the_hash_space_and_describes_the_stream()
    {
        string stream = NewStreamName();
        await Client.CreateStreamAsync(stream, 2);

        IReadOnlyList<KinesisShard> shards = await Client.ListShardsAsync(stream);
        KinesisStreamSummary summary = await Client.DescribeStreamSummaryAsync(stream);

        Assert.Equal(2, shards.Count);
        Assert.Equal("0", shards[0].StartingHashKey);
        Assert.Equal("340282366920938463463374607431768211455", shards[1].EndingHashKey);
        Assert.Equal((stream, 2), (summary.StreamName, summary.OpenShardCount));
        Assert.EndsWith(":stream/" + stream, summary.StreamArn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Puts_records_and_reads_them_back_in_order_per_shard()
    {
        string stream = NewStreamName();
        await Client.CreateStreamAsync(stream, 2);
        var entries = Enumerable.Range(0, 20).Select(i => new KinesisPutEntry($"key-{i % 5}", Encoding.UTF8.GetBytes($"payload {i}"))).ToList();

        KinesisPutResult put = await Client.PutRecordsAsync(stream, entries);

        Assert.Equal(0, put.FailedCount);
        Assert.All(put.Entries.GroupBy(e => entries[put.Entries.ToList().IndexOf(e)].PartitionKey), g => Assert.Single(g.Select(e => e.ShardId).Distinct()));
        var read = new List<KinesisRecord>();
        foreach (KinesisShard shard in await Client.ListShardsAsync(stream))
        {
            string iterator = await Client.GetShardIteratorAsync(stream, shard.ShardId, ShardIteratorKind.TrimHorizon);
            KinesisGetRecordsResult result = await Client.GetRecordsAsync(iterator, 100);
            read.AddRange(result.Records);
            Assert.NotNull(result.NextShardIterator);
            Assert.Equal(result.Records.Select(r => r.SequenceNumber), result.Records.Select(r => r.SequenceNumber).OrderBy(s => s.Length).ThenBy(s => s, StringComparer.Ordinal));
        }

        Assert.Equal(20, read.Count);
        foreach (var byKey in read.GroupBy(r => r.PartitionKey))
        {
            int[] order = [.. byKey.Select(r => int.Parse(Encoding.UTF8.GetString(r.Data.Span)["payload ".Length..], System.Globalization.CultureInfo.InvariantCulture))];
            Assert.Equal(order.Order(), order);
        }
    }

    [Fact]
    public async Task An_iterator_after_a_sequence_number_skips_to_the_next_record()
    {
        string stream = NewStreamName();
        await Client.CreateStreamAsync(stream, 1);
        KinesisPutResult put = await Client.PutRecordsAsync(stream, [new("k", "a"u8.ToArray()), new("k", "b"u8.ToArray()), new("k", "c"u8.ToArray())]);

        string iterator = await Client.GetShardIteratorAsync(stream, put.Entries[0].ShardId!, ShardIteratorKind.AfterSequenceNumber, put.Entries[0].SequenceNumber);
        KinesisGetRecordsResult result = await Client.GetRecordsAsync(iterator, 10);

        Assert.Equal(["b", "c"], result.Records.Select(r => Encoding.UTF8.GetString(r.Data.Span)).ToArray());
    }

    [Fact]
    public async Task A_missing_stream_is_a_ResourceNotFoundException()
    {
        var ex = await Assert.ThrowsAsync<KinesisException>(() => Client.DescribeStreamSummaryAsync("no-such-stream"));
        Assert.Equal("ResourceNotFoundException", ex.ErrorCode);
    }
}
