using Neptune.Streams.Pump.Kinesis;
using Polly;

namespace Neptune.Streams.Pump.Pumping;

/// <summary>
/// Writes entries to Kinesis in order per partition key: a <c>PutRecords</c> call never holds two entries of one key,
/// stays within 500 records and 5 MiB, and an entry that failed is retried before any later entry of its key is sent.
/// Partial failures and throttling are retried by the resilience pipeline until they succeed or the token is cancelled.
/// </summary>
internal sealed class KinesisBatchWriter
{
    public const int MaxRecordsPerCall = 500;
    public const int MaxBytesPerCall = 5 * 1024 * 1024;
    public const int MaxBytesPerRecord = 1024 * 1024;

    private readonly IKinesisClient _kinesis;
    private readonly string _streamName;
    private readonly ResiliencePipeline _pipeline;

    public KinesisBatchWriter(IKinesisClient kinesis, string streamName, ResiliencePipeline pipeline)
    {
        _kinesis = kinesis;
        _streamName = streamName;
        _pipeline = pipeline;
    }

    public long Calls { get; private set; }

    /// <summary>Writes every entry; returns when Kinesis accepted all of them.</summary>
    public async Task WriteAsync(IReadOnlyList<KinesisPutEntry> entries, CancellationToken cancellationToken)
    {
        var pending = new List<KinesisPutEntry>(entries);
        while (pending.Count > 0)
        {
            // One pipeline execution per call that makes progress: the backoff grows only while nothing gets through.
            pending = await _pipeline.ExecuteAsync(
                static async (state, token) => await state.Writer.CallAsync(state.Pending, token).ConfigureAwait(false),
                (Writer: this, Pending: pending),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One <c>PutRecords</c> call; returns what is still pending, or throws when nothing was accepted.</summary>
    private async ValueTask<List<KinesisPutEntry>> CallAsync(List<KinesisPutEntry> pending, CancellationToken cancellationToken)
    {
        List<int> batch = SelectBatch(pending);
        KinesisPutResult result = await _kinesis.PutRecordsAsync(_streamName, [.. batch.Select(i => pending[i])], cancellationToken).ConfigureAwait(false);
        Calls++;
        var accepted = new HashSet<int>();
        string? firstError = null;
        for (int j = 0; j < batch.Count; j++)
        {
            if (result.Entries[j].Succeeded)
            {
                accepted.Add(batch[j]);
            }
            else
            {
                firstError ??= result.Entries[j].ErrorCode;
            }
        }

        if (accepted.Count == 0)
        {
            throw new PutRecordsPartialFailureException($"All {batch.Count} records of the call failed ({firstError}).");
        }

        // Failed entries keep their place, so they go before anything later for their keys.
        return [.. pending.Where((_, i) => !accepted.Contains(i))];
    }

    /// <summary>The indexes of the next call's entries: the first entry of each key not blocked by an earlier one, in order.</summary>
    internal static List<int> SelectBatch(List<KinesisPutEntry> pending)
    {
        var batch = new List<int>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        long bytes = 0;
        for (int i = 0; i < pending.Count && batch.Count < MaxRecordsPerCall; i++)
        {
            KinesisPutEntry entry = pending[i];
            if (!keys.Add(entry.PartitionKey))
            {
                // A key already in this call: this and every later entry of the key wait for the next call.
                continue;
            }

            if (bytes + entry.Size > MaxBytesPerCall)
            {
                break;
            }

            batch.Add(i);
            bytes += entry.Size;
        }

        return batch;
    }
}
