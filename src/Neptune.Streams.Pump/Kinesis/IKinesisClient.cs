namespace Neptune.Streams.Pump.Kinesis;

/// <summary>
/// The Kinesis Data Streams operations the pump and the event-source-mapping emulator use. Two implementations:
/// <see cref="KinesisHttpClient"/> (the JSON 1.1 API with SigV4: real Kinesis, moto_server) and
/// <see cref="InMemoryKinesis"/> (the embedded default).
/// </summary>
public interface IKinesisClient
{
    /// <summary>Writes records; entries may fail one by one (see <see cref="KinesisPutResult"/>).</summary>
    /// <exception cref="KinesisException">The whole call failed.</exception>
    Task<KinesisPutResult> PutRecordsAsync(string streamName, IReadOnlyList<KinesisPutEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>Lists the stream's shards.</summary>
    /// <exception cref="KinesisException">The call failed.</exception>
    Task<IReadOnlyList<KinesisShard>> ListShardsAsync(string streamName, CancellationToken cancellationToken = default);

    /// <summary>Describes the stream (name, ARN, status, open shards).</summary>
    /// <exception cref="KinesisException">The call failed.</exception>
    Task<KinesisStreamSummary> DescribeStreamSummaryAsync(string streamName, CancellationToken cancellationToken = default);

    /// <summary>Creates a stream with <paramref name="shardCount"/> shards (for local stacks and tests).</summary>
    /// <exception cref="KinesisException">The call failed.</exception>
    Task CreateStreamAsync(string streamName, int shardCount, CancellationToken cancellationToken = default);

    /// <summary>Gets an iterator into a shard.</summary>
    /// <param name="streamName">The stream.</param>
    /// <param name="shardId">The shard.</param>
    /// <param name="type">Where to start.</param>
    /// <param name="sequenceNumber">The sequence number for <see cref="ShardIteratorKind.AtSequenceNumber"/> and <see cref="ShardIteratorKind.AfterSequenceNumber"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="KinesisException">The call failed.</exception>
    Task<string> GetShardIteratorAsync(string streamName, string shardId, ShardIteratorKind type, string? sequenceNumber = null, CancellationToken cancellationToken = default);

    /// <summary>Reads up to <paramref name="limit"/> records from an iterator.</summary>
    /// <exception cref="KinesisException">The call failed (e.g. <c>ExpiredIteratorException</c>).</exception>
    Task<KinesisGetRecordsResult> GetRecordsAsync(string shardIterator, int limit, CancellationToken cancellationToken = default);
}
