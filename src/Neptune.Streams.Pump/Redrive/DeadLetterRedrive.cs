using System.Numerics;
using Microsoft.Extensions.Logging.Abstractions;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.Pumping;

namespace Neptune.Streams.Pump.Redrive;

/// <summary>
/// Puts dead-lettered records back on a Kinesis stream after a fix: in their original order per partition key (by
/// shard, sequence number and sub-sequence number), with the pump's ordered writer (never two records of one key in a
/// call, failures retried first), deleting each from its store only after Kinesis accepted it. Each record (shard,
/// sequence number, sub-sequence number) goes back once: duplicates within the run are deleted with the one put back,
/// and, with an <see cref="IRedriveLedger"/>, duplicates of a record an earlier run put back are deleted unput.
/// </summary>
public static class DeadLetterRedrive
{
    /// <summary>Redrives <paramref name="deadLetters"/>; returns how many records went back (duplicates not counted).</summary>
    /// <param name="deadLetters">The records, in any order (a queue's or a bucket's listing), duplicates included.</param>
    /// <param name="kinesis">The Kinesis client.</param>
    /// <param name="streamName">The stream to put them on.</param>
    /// <param name="timeProvider">The clock of retry delays; the system clock by default.</param>
    /// <param name="ledger">Where records put back are remembered across runs; null dedupes within this run only.</param>
    /// <param name="cancellationToken">Stops between chunks; a record is deleted only when it was accepted.</param>
    public static async Task<int> RedriveAsync(
        IEnumerable<DeadLetter> deadLetters, IKinesisClient kinesis, string streamName, TimeProvider? timeProvider = null,
        IRedriveLedger? ledger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deadLetters);
        ArgumentNullException.ThrowIfNull(kinesis);
        List<DeadLetter[]> ordered = [.. deadLetters
            .GroupBy(d => (d.ShardId, d.SequenceNumber, d.SubSequenceNumber))
            .Select(g => g.ToArray())
            .OrderBy(g => g[0].ShardId, StringComparer.Ordinal)
            .ThenBy(g => BigInteger.Parse(g[0].SequenceNumber, System.Globalization.CultureInfo.InvariantCulture))
            .ThenBy(g => g[0].SubSequenceNumber)];
        var writer = new KinesisBatchWriter(kinesis, streamName, PumpResilience.Create(timeProvider ?? TimeProvider.System, NullLogger.Instance));
        int done = 0;
        foreach (DeadLetter[][] chunk in ordered.Chunk(KinesisBatchWriter.MaxRecordsPerCall))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var toPut = new List<DeadLetter[]>(chunk.Length);
            foreach (DeadLetter[] copies in chunk)
            {
                if (ledger is not null && await ledger.WasRedrivenAsync(streamName, copies[0], cancellationToken).ConfigureAwait(false))
                {
                    await DeleteAllAsync(copies, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    toPut.Add(copies);
                }
            }

            await writer.WriteAsync([.. toPut.Select(c => new KinesisPutEntry(c[0].PartitionKey, c[0].Data))], cancellationToken).ConfigureAwait(false);
            foreach (DeadLetter[] copies in toPut)
            {
                // Marked before deleting: a crash in between leaves a message the next run deletes as a duplicate.
                if (ledger is not null)
                {
                    await ledger.MarkRedrivenAsync(streamName, copies[0], cancellationToken).ConfigureAwait(false);
                }

                await DeleteAllAsync(copies, cancellationToken).ConfigureAwait(false);
                done++;
            }
        }

        return done;
    }

    private static async Task DeleteAllAsync(DeadLetter[] copies, CancellationToken cancellationToken)
    {
        foreach (DeadLetter copy in copies)
        {
            await copy.DeleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
