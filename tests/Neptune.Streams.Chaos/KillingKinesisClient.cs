using Neptune.Streams.Pump.Kinesis;

namespace Neptune.Streams.Chaos;

/// <summary>
/// The pump's Kinesis: now and then the pump dies in the middle of a PutRecords call — before it is sent, after only
/// the first part of its records landed, or after Kinesis accepted all of it but before the pump saved its position.
/// </summary>
internal sealed class KillingKinesisClient(IKinesisClient inner, CancellationTokenSource pumpLife, ChaosWorld world) : IKinesisClient
{
    public async Task<KinesisPutResult> PutRecordsAsync(string streamName, IReadOnlyList<KinesisPutEntry> entries, CancellationToken cancellationToken = default)
    {
        if (!world.Random.Chance(world.Options.PumpKillRate))
        {
            return await inner.PutRecordsAsync(streamName, entries, cancellationToken).ConfigureAwait(false);
        }

        double where = world.Random.NextDouble();
        if (where >= 1.0 / 3)
        {
            // Part of the call (a prefix: one record per partition key, so a prefix keeps every key's order) or all of it lands.
            int landed = where < 2.0 / 3 ? Math.Max(1, entries.Count / 2) : entries.Count;
            await inner.PutRecordsAsync(streamName, entries.Take(landed).ToList(), CancellationToken.None).ConfigureAwait(false);
        }

        world.Counters.PumpKill();
        await pumpLife.CancelAsync().ConfigureAwait(false);
        throw new OperationCanceledException("the pump was killed mid-write", pumpLife.Token);
    }

    public Task<IReadOnlyList<KinesisShard>> ListShardsAsync(string streamName, CancellationToken cancellationToken = default) =>
        inner.ListShardsAsync(streamName, cancellationToken);

    public Task<KinesisStreamSummary> DescribeStreamSummaryAsync(string streamName, CancellationToken cancellationToken = default) =>
        inner.DescribeStreamSummaryAsync(streamName, cancellationToken);

    public Task CreateStreamAsync(string streamName, int shardCount, CancellationToken cancellationToken = default) =>
        inner.CreateStreamAsync(streamName, shardCount, cancellationToken);

    public Task<string> GetShardIteratorAsync(string streamName, string shardId, ShardIteratorKind type, string? sequenceNumber = null, CancellationToken cancellationToken = default) =>
        inner.GetShardIteratorAsync(streamName, shardId, type, sequenceNumber, cancellationToken);

    public Task<KinesisGetRecordsResult> GetRecordsAsync(string shardIterator, int limit, CancellationToken cancellationToken = default) =>
        inner.GetRecordsAsync(shardIterator, limit, cancellationToken);
}
