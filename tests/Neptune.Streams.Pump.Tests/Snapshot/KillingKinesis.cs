using Neptune.Streams.Pump.Kinesis;

namespace Neptune.Streams.Pump.Tests.Snapshot;

/// <summary>
/// A Kinesis that lets the test change the graph before each <c>PutRecords</c> call (so the graph changes while the
/// snapshot reads it) and "kills the pump" (throws) at chosen calls, counted across pumps.
/// </summary>
internal sealed class KillingKinesis(IKinesisClient inner, Action<int> beforePut, params int[] killAtCalls) : IKinesisClient
{
    private int _calls;

    public int Kills { get; private set; }

    public async Task<KinesisPutResult> PutRecordsAsync(string streamName, IReadOnlyList<KinesisPutEntry> entries, CancellationToken cancellationToken = default)
    {
        int call = Interlocked.Increment(ref _calls);
        beforePut(call);
        if (killAtCalls.Contains(call))
        {
            Kills++;
            throw new IOException($"The pump process was killed at PutRecords call {call}.");
        }

        return await inner.PutRecordsAsync(streamName, entries, cancellationToken);
    }

    public Task<IReadOnlyList<KinesisShard>> ListShardsAsync(string streamName, CancellationToken cancellationToken = default) => inner.ListShardsAsync(streamName, cancellationToken);

    public Task<KinesisStreamSummary> DescribeStreamSummaryAsync(string streamName, CancellationToken cancellationToken = default) => inner.DescribeStreamSummaryAsync(streamName, cancellationToken);

    public Task CreateStreamAsync(string streamName, int shardCount, CancellationToken cancellationToken = default) => inner.CreateStreamAsync(streamName, shardCount, cancellationToken);

    public Task<string> GetShardIteratorAsync(string streamName, string shardId, ShardIteratorKind type, string? sequenceNumber = null, CancellationToken cancellationToken = default)
        => inner.GetShardIteratorAsync(streamName, shardId, type, sequenceNumber, cancellationToken);

    public Task<KinesisGetRecordsResult> GetRecordsAsync(string shardIterator, int limit, CancellationToken cancellationToken = default) => inner.GetRecordsAsync(shardIterator, limit, cancellationToken);
}
