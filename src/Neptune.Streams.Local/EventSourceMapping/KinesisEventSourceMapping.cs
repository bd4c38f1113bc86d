using Neptune.Streams.Pump.Kinesis;

namespace Neptune.Streams.Local.EventSourceMapping;

/// <summary>
/// An in-process Kinesis event source mapping: reads every shard of a stream (an <see cref="InMemoryKinesis"/>, or
/// moto_server / real Kinesis through <see cref="KinesisHttpClient"/>) and invokes a function with Lambda's batching,
/// partial-failure, bisect, retry, record-age, on-failure and parallelization semantics.
/// </summary>
public sealed class KinesisEventSourceMapping
{
    private readonly IKinesisClient _kinesis;
    private readonly KinesisFunction _function;
    private readonly EventSourceMappingOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the mapping; nothing runs until <see cref="RunAsync"/>.</summary>
    public KinesisEventSourceMapping(IKinesisClient kinesis, KinesisFunction function, EventSourceMappingOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(kinesis);
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(options);
        _kinesis = kinesis;
        _function = function;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>What the mapping has done so far.</summary>
    public EventSourceMappingStats Stats { get; } = new();

    /// <summary>
    /// Reads and invokes until cancelled, or, with <see cref="EventSourceMappingOptions.StopWhenIdle"/>, until every shard
    /// has been read to its end and every batch handled or given up.
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        KinesisStreamSummary summary = await _kinesis.DescribeStreamSummaryAsync(_options.StreamName, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<KinesisShard> shards = await _kinesis.ListShardsAsync(_options.StreamName, cancellationToken).ConfigureAwait(false);
        Task[] readers = [.. shards.Select(shard =>
        {
            var invoker = new BatchInvoker(_function, _options, Stats, _timeProvider, shard.ShardId, summary.StreamArn);
            return new ShardReader(_kinesis, _options, _timeProvider, shard.ShardId, invoker).RunAsync(cancellationToken);
        })];
        await Task.WhenAll(readers).ConfigureAwait(false);
    }
}
