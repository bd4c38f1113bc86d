using Neptune.Streams.Pump.Kinesis;

namespace Neptune.Streams.Pump.Tests.Pumping;

/// <summary>
/// A Kinesis whose <c>PutRecords</c> is throttled while <see cref="Stalled"/> (a slow page: the pump's writer keeps
/// retrying), and passes through to the real one afterwards. <see cref="Throttled"/> completes at the first refusal.
/// </summary>
internal sealed class StalledKinesis(IKinesisClient inner) : IKinesisClient
{
    private readonly TaskCompletionSource _throttled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public volatile bool Stalled = true;

    public Task Throttled => _throttled.Task;

    public Task<KinesisPutResult> PutRecordsAsync(string streamName, IReadOnlyList<KinesisPutEntry> entries, CancellationToken cancellationToken = default)
    {
        if (Stalled)
        {
            _throttled.TrySetResult();
            throw new KinesisException("ProvisionedThroughputExceededException", "Rate exceeded for shard", 400);
        }

        return inner.PutRecordsAsync(streamName, entries, cancellationToken);
    }

    public Task<IReadOnlyList<KinesisShard>> ListShardsAsync(string streamName, CancellationToken cancellationToken = default) => inner.ListShardsAsync(streamName, cancellationToken);

    public Task<KinesisStreamSummary> DescribeStreamSummaryAsync(string streamName, CancellationToken cancellationToken = default) => inner.DescribeStreamSummaryAsync(streamName, cancellationToken);

    public Task CreateStreamAsync(string streamName, int shardCount, CancellationToken cancellationToken = default) => inner.CreateStreamAsync(streamName, shardCount, cancellationToken);

    public Task<string> GetShardIteratorAsync(string streamName, string shardId, ShardIteratorKind type, string? sequenceNumber = null, CancellationToken cancellationToken = default)
        => inner.GetShardIteratorAsync(streamName, shardId, type, sequenceNumber, cancellationToken);

    public Task<KinesisGetRecordsResult> GetRecordsAsync(string shardIterator, int limit, CancellationToken cancellationToken = default) => inner.GetRecordsAsync(shardIterator, limit, cancellationToken);
}
