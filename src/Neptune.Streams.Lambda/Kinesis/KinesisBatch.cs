namespace Neptune.Streams.Lambda.Kinesis;

/// <summary>
/// One batch's Kinesis records as the record loop reads them: values read in one pass over the invocation payload
/// (<see cref="KinesisBatchReader"/>), or taken from a <see cref="KinesisEvent"/> a caller built
/// (<see cref="FromEvent"/>). Either way the record loop, checkpoints and dead letters see the same records; the
/// payload bytes the values point into must outlive the batch. Reading a record can make its partition key, so a batch
/// is read from one thread at a time (the record loop's).
/// </summary>
internal sealed class KinesisBatch : IDisposable
{
    private KinesisRecordEntry[] _entries;
    private readonly int _count;
    private readonly bool _pooled;
    private readonly ReadOnlyMemory<byte> _payload;
    private readonly IList<KinesisEventRecord>? _records;

    private KinesisBatch(KinesisRecordEntry[] entries, int count, ReadOnlyMemory<byte> payload, IList<KinesisEventRecord>? records, bool pooled)
    {
        _entries = entries;
        _pooled = pooled;
        _count = count;
        _payload = payload;
        _records = records;
    }

    /// <summary>The number of Kinesis records.</summary>
    public int Count => _count;

    /// <summary>Record <paramref name="index"/>.</summary>
    public ref readonly KinesisRecordEntry this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
            ref KinesisRecordEntry entry = ref _entries[index];
            if (!entry.PendingPartitionKey.IsNone)
            {
                MakePartitionKey(ref entry);
            }

            return ref entry;
        }
    }

    /// <summary>
    /// Record <paramref name="index"/> without making its partition key: <see cref="KinesisRecordEntry.PartitionKey"/> is
    /// null when it is still pending. For a pass over the whole batch before the record loop (loading checkpoints) that
    /// needs no key: made then, every key would be made before its record is parsed, and not shared with its id.
    /// </summary>
    public ref readonly KinesisRecordEntry WithoutPartitionKey(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
        return ref _entries[index];
    }

    /// <summary>
    /// Makes the partition key's string when its record is first read, just before the record loop parses its change
    /// records. It comes from the string cache the change records' ids come from, and the pump writes an element's id
    /// as its records' partition key, so the key and the record's id are one string. Made while the batch was read,
    /// a 6 MB batch's 7,000 keys went through the cache's 512 slots before any record was parsed, so none of them was
    /// still there for its id, which became a second string.
    /// </summary>
    private void MakePartitionKey(ref KinesisRecordEntry entry)
    {
        JsonSlice key = entry.PendingPartitionKey;
        string text = ChangeRecords.Utf8StringCache.Current.Get(_payload.Span.Slice(key.Start, key.Length));
        entry = entry with { PartitionKey = text, PendingPartitionKey = JsonSlice.None };
    }

    /// <summary>
    /// A batch read from payload bytes; <paramref name="entries"/> holds <paramref name="count"/> records and was rented
    /// from <see cref="System.Buffers.ArrayPool{T}.Shared"/>: <see cref="Dispose"/> returns it.
    /// </summary>
    public static KinesisBatch FromPayload(KinesisRecordEntry[] entries, int count, ReadOnlyMemory<byte> payload) =>
        new(entries, count, payload, null, pooled: true);

    /// <summary>The same batch as a caller-built <see cref="KinesisEvent"/> (already validated).</summary>
    public static KinesisBatch FromEvent(KinesisEvent kinesisEvent)
    {
        IList<KinesisEventRecord> records = kinesisEvent.Records;
        var entries = new KinesisRecordEntry[records.Count];
        for (int i = 0; i < entries.Length; i++)
        {
            KinesisEventRecord record = records[i];
            entries[i] = new KinesisRecordEntry(
                record.Kinesis.SequenceNumber,
                record.ShardId,
                record.Kinesis.PartitionKey,
                record.EventSourceArn,
                record.Kinesis.ApproximateArrivalTimestamp,
                JsonSlice.None);
        }

        return new KinesisBatch(entries, entries.Length, default, records, pooled: false);
    }

    /// <summary>
    /// The record's base64 <c>data</c> as text when the batch came from a <see cref="KinesisEvent"/> (true; null when
    /// the event had none), or false when it is to be read from the payload with <see cref="Base64Utf8"/>.
    /// </summary>
    public bool TryGetDataText(int index, out string? text)
    {
        if (_records is null)
        {
            text = null;
            return false;
        }

        text = _records[index].Kinesis.Data;
        return true;
    }

    /// <summary>The record's base64 <c>data</c> as UTF-8 bytes of the payload (unescaped into <paramref name="scratch"/> if need be).</summary>
    public ReadOnlySpan<byte> Base64Utf8(int index, ref byte[]? scratch) => this[index].Data.Unescaped(_payload.Span, ref scratch);

    /// <summary>The record's base64 <c>data</c> as Lambda sent it, for a dead letter; empty when it had none.</summary>
    public string DataText(int index) =>
        (TryGetDataText(index, out string? text) ? text : this[index].Data.ToString(_payload.Span)) ?? string.Empty;

    /// <summary>Returns the pooled record array (its strings are cleared so the pool does not keep them alive).</summary>
    public void Dispose()
    {
        KinesisRecordEntry[] entries = _entries;
        _entries = [];
        if (_pooled && entries.Length > 0)
        {
            System.Buffers.ArrayPool<KinesisRecordEntry>.Shared.Return(entries, clearArray: true);
        }
    }
}
