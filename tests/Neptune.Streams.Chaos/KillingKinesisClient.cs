using Neptune.Streams.Pump.Kinesis;

namespace Neptune.Streams.Chaos;

/// <summary>
/// The pump's Kinesis: now and then the pump dies in the middle of a PutRecords call — before it is sent, after only
/// the first part of its records landed, or after Kinesis accepted all of it but before the pump saved its position.
/// A few writes are slow: the request was sent but is held up on the way (a throttled call, a stalled connection) for
/// twice the lease. The pump gives up on it at its lease deadline, as any client cancels a request; the request lands
/// anyway, after the other pump host may have taken the lease and written the same commits again.
/// </summary>
internal sealed class KillingKinesisClient(IKinesisClient inner, CancellationTokenSource pumpLife, ChaosWorld world, PumpSupervisor host, bool slowWrites) : IKinesisClient
{
    public async Task<KinesisPutResult> PutRecordsAsync(string streamName, IReadOnlyList<KinesisPutEntry> entries, CancellationToken cancellationToken = default)
    {
        if (slowWrites && host.Rival is { } rival && world.Counters.SlowWrites < world.Options.LeaseSteals && world.Random.Chance(0.05)
            && world.Counters.SlowWrite() <= world.Options.LeaseSteals)
        {
            Task<KinesisPutResult> landing = LandLateAsync(streamName, entries, rival);
            world.AddLateWrite(landing);
            return await landing.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (!world.Random.Chance(world.Options.PumpKillRate))
        {
            KinesisPutResult result = await inner.PutRecordsAsync(streamName, entries, cancellationToken).ConfigureAwait(false);
            host.Wrote();
            return result;
        }

        double where = world.Random.NextDouble();
        if (where >= 1.0 / 3)
        {
            // Part of the call (a prefix: one record per partition key, so a prefix keeps every key's order) or all of it lands.
            int landed = where < 2.0 / 3 ? Math.Max(1, entries.Count / 2) : entries.Count;
            await inner.PutRecordsAsync(streamName, entries.Take(landed).ToList(), CancellationToken.None).ConfigureAwait(false);
            host.Wrote();
        }

        world.Counters.PumpKill();
        await pumpLife.CancelAsync().ConfigureAwait(false);
        throw new OperationCanceledException("the pump was killed mid-write", pumpLife.Token);
    }

    private async Task<KinesisPutResult> LandLateAsync(string streamName, IReadOnlyList<KinesisPutEntry> entries, PumpSupervisor rival)
    {
        long rivalWrites = rival.Writes;
        await Task.Delay(world.Options.PumpLeaseDuration * 2, CancellationToken.None).ConfigureAwait(false);
        KinesisPutResult late = await inner.PutRecordsAsync(streamName, entries, CancellationToken.None).ConfigureAwait(false);
        host.Wrote();
        if (rival.Writes > rivalWrites)
        {
            world.Counters.LeaseSteal(); // the other host wrote while this request was on its way
        }

        return late;
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
