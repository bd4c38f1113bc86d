using Neptune.Streams.Pump.Kinesis;

namespace Neptune.Streams.Local.Pipeline;

/// <summary>Passes calls through and counts the records Kinesis accepted, so the pipeline knows when it has drained.</summary>
internal sealed class CountingKinesisClient(IKinesisClient inner, Action<int> accepted) : IKinesisClient
{
    private long _accepted;

    public long Accepted => Interlocked.Read(ref _accepted);

    public async Task<KinesisPutResult> PutRecordsAsync(string streamName, IReadOnlyList<KinesisPutEntry> entries, CancellationToken cancellationToken = default)
    {
        KinesisPutResult result = await inner.PutRecordsAsync(streamName, entries, cancellationToken).ConfigureAwait(false);
        int count = result.Entries.Count(e => e.Succeeded);
        Interlocked.Add(ref _accepted, count);
        accepted(count);
        return result;
    }

    public Task<IReadOnlyList<KinesisShard>> ListShardsAsync(string streamName, CancellationToken cancellationToken = default) => inner.ListShardsAsync(streamName, cancellationToken);

    public Task<KinesisStreamSummary> DescribeStreamSummaryAsync(string streamName, CancellationToken cancellationToken = default) => inner.DescribeStreamSummaryAsync(streamName, cancellationToken);

    public Task CreateStreamAsync(string streamName, int shardCount, CancellationToken cancellationToken = default) => inner.CreateStreamAsync(streamName, shardCount, cancellationToken);

    public Task<string> GetShardIteratorAsync(string streamName, string shardId, ShardIteratorKind type, string? sequenceNumber = null, CancellationToken cancellationToken = default)
        => inner.GetShardIteratorAsync(streamName, shardId, type, sequenceNumber, cancellationToken);

    public Task<KinesisGetRecordsResult> GetRecordsAsync(string shardIterator, int limit, CancellationToken cancellationToken = default) => inner.GetRecordsAsync(shardIterator, limit, cancellationToken);
}
