using System.Globalization;
using System.IO.Compression;
using System.Text;
using Neptune.Streams.Pump.Kinesis;

namespace Neptune.Streams.Chaos;

/// <summary>
/// A producer that is not the pump: it writes Neptune <c>PG_JSON</c> change records straight to Kinesis, for elements
/// of its own (ids <c>split-*</c> and <c>kpl-*</c>, commit numbers far above the graph's). It splits one element's
/// commit over two Kinesis records, and packs gzip-compressed records into KPL aggregates with one poison sub-record.
/// </summary>
internal sealed class RawProducer(IKinesisClient kinesis, string streamName, LockedRandom random)
{
    private const long SplitCommitBase = 10_000_000;
    private const long KplCommitBase = 20_000_000;

    /// <summary>Per element, its commits (one each) — merged into the run's expected events.</summary>
    public Dictionary<string, List<long>> Expected { get; } = new(StringComparer.Ordinal);

    /// <summary>Per split element, how many operations its commit has (all of them must reach the sink).</summary>
    public Dictionary<string, int> SplitOperations { get; } = new(StringComparer.Ordinal);

    /// <summary>The poison sub-records' data, base64 (each must be dead-lettered by itself).</summary>
    public List<string> PoisonSubRecords { get; } = [];

    /// <summary>Writes commit <paramref name="index"/> of element <c>split-{index}</c> as two Kinesis records: label and name, then age.</summary>
    public async Task PutSplitCommitAsync(int index, CancellationToken cancellationToken)
    {
        string id = "split-" + index.ToString(CultureInfo.InvariantCulture);
        long commit = SplitCommitBase + index;
        string first = "[" + Change(id, commit, 1, "vl", "label", "\"person\"", "String", last: false) + ","
            + Change(id, commit, 2, "vp", "name", "\"Split " + index.ToString(CultureInfo.InvariantCulture) + "\"", "String", last: false) + "]";
        string second = "[" + Change(id, commit, 3, "vp", "age", "42", "Integer", last: true) + "]";

        // Two calls: the order of two records of one key is only certain across calls.
        await PutAsync([new KinesisPutEntry(id, Encoding.UTF8.GetBytes(first))], cancellationToken).ConfigureAwait(false);
        await PutAsync([new KinesisPutEntry(id, Encoding.UTF8.GetBytes(second))], cancellationToken).ConfigureAwait(false);
        Expected[id] = [commit];
        SplitOperations[id] = 3;
    }

    /// <summary>Writes one KPL aggregate: <paramref name="subRecords"/> gzip-compressed good sub-records with a poison one in the middle.</summary>
    public async Task PutKplAggregateAsync(int index, int subRecords, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        var payloads = new List<byte[]>();
        for (int j = 0; j < subRecords; j++)
        {
            if (j == subRecords / 2)
            {
                byte[] garbage = new byte[48];
                random.NextBytes(garbage);
                byte[] poison = [.. "poison:"u8, .. garbage];
                keys.Add($"kpl-{index}-poison");
                payloads.Add(poison);
                PoisonSubRecords.Add(Convert.ToBase64String(poison));
            }

            string id = $"kpl-{index}-{j}";
            long commit = KplCommitBase + (index * 1000L) + j;
            string json = "[" + Change(id, commit, 1, "vl", "label", "\"person\"", "String", last: false) + ","
                + Change(id, commit, 2, "vp", "name", "\"Kpl " + id + "\"", "String", last: true) + "]";
            keys.Add(id);
            payloads.Add(Gzip(Encoding.UTF8.GetBytes(json)));
            Expected[id] = [commit];
        }

        await PutAsync([new KinesisPutEntry(keys[0], Neptune.Streams.Lambda.Testing.KplAggregate.Pack([.. keys.Zip(payloads)]))], cancellationToken).ConfigureAwait(false);
    }

    private async Task PutAsync(List<KinesisPutEntry> entries, CancellationToken cancellationToken)
    {
        KinesisPutResult result = await kinesis.PutRecordsAsync(streamName, entries, cancellationToken).ConfigureAwait(false);
        if (result.FailedCount > 0)
        {
            throw new InvalidOperationException($"{result.FailedCount} raw records were not accepted by Kinesis");
        }
    }

    private static string Change(string id, long commit, int op, string type, string key, string value, string dataType, bool last)
    {
        string time = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        return "{\"commitTimestamp\":" + time
            + ",\"eventId\":{\"commitNum\":" + commit.ToString(CultureInfo.InvariantCulture) + ",\"opNum\":" + op.ToString(CultureInfo.InvariantCulture) + "}"
            + ",\"data\":{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"key\":\"" + key + "\",\"value\":{\"value\":" + value + ",\"dataType\":\"" + dataType + "\"}}"
            + ",\"op\":\"ADD\"" + (last ? ",\"isLastOp\":true}" : "}");
    }

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return buffer.ToArray();
    }
}
