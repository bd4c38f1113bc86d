using System.Numerics;
using Microsoft.Extensions.Logging.Abstractions;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.Pumping;

namespace Neptune.Streams.Pump.Redrive;

/// <summary>
/// Puts dead-lettered records back on a Kinesis stream after a fix: in their original order per partition key (by
/// shard, sequence number and sub-sequence number), with the pump's ordered writer (never two records of one key in a
/// call, failures retried first), deleting each from its store only after Kinesis accepted it.
/// </summary>
public static class DeadLetterRedrive
{
    /// <summary>Redrives <paramref name="deadLetters"/>; returns how many went back.</summary>
    /// <param name="deadLetters">The records, in any order (a queue's or a bucket's listing).</param>
    /// <param name="kinesis">The Kinesis client.</param>
    /// <param name="streamName">The stream to put them on.</param>
    /// <param name="timeProvider">The clock of retry delays; the system clock by default.</param>
    /// <param name="cancellationToken">Stops between chunks; a record is deleted only when it was accepted.</param>
    public static async Task<int> RedriveAsync(
        IEnumerable<DeadLetter> deadLetters, IKinesisClient kinesis, string streamName, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deadLetters);
        ArgumentNullException.ThrowIfNull(kinesis);
        List<DeadLetter> ordered = [.. deadLetters
            .OrderBy(d => d.ShardId, StringComparer.Ordinal)
            .ThenBy(d => BigInteger.Parse(d.SequenceNumber, System.Globalization.CultureInfo.InvariantCulture))
            .ThenBy(d => d.SubSequenceNumber)];
        var writer = new KinesisBatchWriter(kinesis, streamName, PumpResilience.Create(timeProvider ?? TimeProvider.System, NullLogger.Instance));
        int done = 0;
        foreach (DeadLetter[] chunk in ordered.Chunk(KinesisBatchWriter.MaxRecordsPerCall))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await writer.WriteAsync([.. chunk.Select(d => new KinesisPutEntry(d.PartitionKey, d.Data))], cancellationToken).ConfigureAwait(false);
            foreach (DeadLetter deadLetter in chunk)
            {
                await deadLetter.DeleteAsync(cancellationToken).ConfigureAwait(false);
                done++;
            }
        }

        return done;
    }
}
