using System.Threading.Channels;
using Neptune.Streams.Pump.Kinesis;

namespace Neptune.Streams.Local.EventSourceMapping;

/// <summary>
/// Reads one shard in order and feeds <c>ParallelizationFactor</c> lanes, a record's lane chosen by its partition key so
/// each key stays in order; each lane gathers batches (size, batching window, 6 MB payload) and invokes them one at a time.
/// </summary>
internal sealed class ShardReader
{
    private const long MaxPayloadBytes = 6 * 1024 * 1024;
    private readonly IKinesisClient _kinesis;
    private readonly EventSourceMappingOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly string _shardId;
    private readonly BatchInvoker _invoker;

    public ShardReader(IKinesisClient kinesis, EventSourceMappingOptions options, TimeProvider timeProvider, string shardId, BatchInvoker invoker)
    {
        _kinesis = kinesis;
        _options = options;
        _timeProvider = timeProvider;
        _shardId = shardId;
        _invoker = invoker;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        int laneCount = _options.ParallelizationFactor;
        var lanes = Enumerable.Range(0, laneCount)
            .Select(_ => Channel.CreateBounded<KinesisRecord>(new BoundedChannelOptions(Math.Max(100, _options.BatchSize * 2)) { SingleReader = true, SingleWriter = true }))
            .ToArray();
        // A lane that fails (its on-failure destination threw) stops the reader too, instead of leaving it blocked.
        using var laneFailed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task[] workers = [.. lanes.Select(lane => Task.Run(async () =>
        {
            try
            {
                await RunLaneAsync(lane.Reader, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await laneFailed.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }, cancellationToken))];
        try
        {
            await ReadShardAsync(lanes, laneFailed.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (laneFailed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // A lane failed: its exception is what the caller gets, below.
        }
        finally
        {
            foreach (var lane in lanes)
            {
                lane.Writer.TryComplete();
            }
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    private async Task ReadShardAsync(Channel<KinesisRecord>[] lanes, CancellationToken cancellationToken)
    {
        string stream = _options.StreamName;
        string? iterator = await _kinesis.GetShardIteratorAsync(stream, _shardId, _options.StartingPosition, null, cancellationToken).ConfigureAwait(false);
        string? lastSequence = null;
        while (iterator is not null)
        {
            KinesisGetRecordsResult result;
            try
            {
                result = await _kinesis.GetRecordsAsync(iterator, 1000, cancellationToken).ConfigureAwait(false);
            }
            catch (KinesisException ex) when (ex.ErrorCode == "ExpiredIteratorException")
            {
                iterator = lastSequence is null
                    ? await _kinesis.GetShardIteratorAsync(stream, _shardId, _options.StartingPosition, null, cancellationToken).ConfigureAwait(false)
                    : await _kinesis.GetShardIteratorAsync(stream, _shardId, ShardIteratorKind.AfterSequenceNumber, lastSequence, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (KinesisException ex) when (ex.IsTransient)
            {
                await Task.Delay(_options.PollInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
                continue;
            }

            foreach (KinesisRecord record in result.Records)
            {
                int lane = lanes.Length == 1 ? 0 : (int)((uint)StringComparer.Ordinal.GetHashCode(record.PartitionKey) % (uint)lanes.Length);
                await lanes[lane].Writer.WriteAsync(record, cancellationToken).ConfigureAwait(false);
                lastSequence = record.SequenceNumber;
            }

            iterator = result.NextShardIterator;
            if (result.Records.Count == 0)
            {
                if (_options.StopWhenIdle)
                {
                    return;
                }

                await Task.Delay(_options.PollInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RunLaneAsync(ChannelReader<KinesisRecord> reader, CancellationToken cancellationToken)
    {
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var batch = new List<KinesisRecord>();
            long bytes = 0;
            Drain(reader, batch, ref bytes);
            TimeSpan window = _options.MaximumBatchingWindow;
            if (window > TimeSpan.Zero && batch.Count < _options.BatchSize)
            {
                using var windowEnd = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                windowEnd.CancelAfter(window);
                try
                {
                    while (batch.Count < _options.BatchSize && bytes < MaxPayloadBytes && await reader.WaitToReadAsync(windowEnd.Token).ConfigureAwait(false))
                    {
                        Drain(reader, batch, ref bytes);
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // The batching window closed: invoke with what was gathered.
                }
            }

            if (batch.Count > 0)
            {
                await _invoker.ProcessAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void Drain(ChannelReader<KinesisRecord> reader, List<KinesisRecord> batch, ref long bytes)
    {
        while (batch.Count < _options.BatchSize && reader.TryPeek(out KinesisRecord? next))
        {
            // The invocation payload is capped at 6 MB: data travels base64-encoded, with some JSON around each record.
            long size = ((next.Data.Length + 2) / 3 * 4) + 600;
            if (batch.Count > 0 && bytes + size > MaxPayloadBytes)
            {
                return;
            }

            reader.TryRead(out _);
            batch.Add(next);
            bytes += size;
        }
    }
}
