using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Neptune.Streams.Lambda.Kinesis;

/// <summary>
/// Turns a Kinesis record's base64 <c>data</c> into payloads: base64 into a pooled buffer, gzip inflated when the
/// magic bytes say so, KPL aggregates split into their sub-records. A gzip sub-record is inflated only when it is
/// opened (<see cref="Open"/>), into one buffer that the next sub-record reuses, so a record never holds more than
/// one inflated sub-record. Inflation counts against the per-payload, per-record and per-batch limits of
/// <see cref="DecodingOptions"/>. One instance serves one batch: the bytes stay valid until the next
/// <see cref="Decode(KinesisStreamRecord, out string?)"/> or <see cref="Open"/>, or <see cref="Dispose"/>.
/// </summary>
internal sealed class KinesisPayloadDecoder(DecodingOptions options) : IDisposable
{
    private readonly List<KinesisPayload> _payloads = [];
    private byte[]? _decoded;
    private byte[]? _recordInflated;
    private byte[]? _subRecordInflated;
    private byte[]? _unescaped;
    private long _recordInflatedBytes;
    private long _batchInflatedBytes;

    /// <summary>The payloads of the last decoded record; a sub-record's <see cref="KinesisPayload.Data"/> is as the aggregate holds it (maybe gzip).</summary>
    public IReadOnlyList<KinesisPayload> Payloads => _payloads;

    /// <summary>The limits this decoder applies.</summary>
    public DecodingOptions Options => options;

    /// <summary>Bytes inflated so far in this batch.</summary>
    public long BatchInflatedBytes => _batchInflatedBytes;

    /// <summary>Decodes one record; returns null on success or the reason it cannot be decoded.</summary>
    public string? Decode(KinesisStreamRecord record) => Decode(record, out string? error) == PayloadStatus.Ready ? null : error;

    /// <summary>Decodes one record: base64, whole-record gzip and KPL framing (sub-records are inflated by <see cref="Open"/>).</summary>
    public PayloadStatus Decode(KinesisStreamRecord record, out string? error)
    {
        Reset();
        return DecodeText(record.Data, record.PartitionKey, out error);
    }

    /// <summary>
    /// Decodes record <paramref name="index"/> of <paramref name="batch"/>: its base64 bytes are decoded straight from
    /// the payload into the pooled buffer (no string in between).
    /// </summary>
    public PayloadStatus Decode(KinesisBatch batch, int index, out string? error)
    {
        Reset();
        string partitionKey = batch[index].PartitionKey;
        if (batch.TryGetDataText(index, out string? text))
        {
            return DecodeText(text, partitionKey, out error);
        }

        ReadOnlySpan<byte> base64 = batch.Base64Utf8(index, ref _unescaped);
        if (base64.IsEmpty)
        {
            return Missing(out error);
        }

        byte[] decoded = DecodeBuffer(base64.Length);
        if (Base64.DecodeFromUtf8(base64, decoded, out _, out int length) != OperationStatus.Done)
        {
            // What the strict decoder refuses, the text decoder may still take (whitespace inside the base64, as
            // Convert allows): decide as the KinesisEvent path always has.
            if (!Convert.TryFromBase64String(Encoding.UTF8.GetString(base64), decoded, out length))
            {
                error = "data is not valid base64";
                return PayloadStatus.Poison;
            }
        }

        return Frame(decoded.AsMemory(0, length), partitionKey, out error);
    }

    private void Reset()
    {
        Return(ref _recordInflated);
        Return(ref _subRecordInflated);
        _payloads.Clear();
        _recordInflatedBytes = 0;
    }

    /// <summary>
    /// The buffer a record's base64 decodes into: the previous record's when it is large enough (its bytes are done
    /// with once the next record is decoded), so a batch rents it once instead of once per record.
    /// </summary>
    private byte[] DecodeBuffer(int base64Length)
    {
        int needed = Math.Max(1, base64Length / 4 * 3 + 3);
        if (_decoded is null || _decoded.Length < needed)
        {
            Return(ref _decoded);
            _decoded = ArrayPool<byte>.Shared.Rent(needed);
        }

        return _decoded;
    }

    private static PayloadStatus Missing(out string? error)
    {
        // JSON null or "" for data: Kinesis never stores an empty record, so this one cannot be a change.
        error = "data is missing or empty";
        return PayloadStatus.Poison;
    }

    private PayloadStatus DecodeText(string? base64, string partitionKey, out string? error)
    {
        if (string.IsNullOrEmpty(base64))
        {
            return Missing(out error);
        }

        byte[] decoded = DecodeBuffer(base64.Length);
        if (!Convert.TryFromBase64String(base64, decoded, out int length))
        {
            error = "data is not valid base64";
            return PayloadStatus.Poison;
        }

        return Frame(decoded.AsMemory(0, length), partitionKey, out error);
    }

    private PayloadStatus Frame(ReadOnlyMemory<byte> data, string partitionKey, out string? error)
    {
        error = null;
        if (GzipInflater.IsGzip(data.Span))
        {
            PayloadStatus status = Inflate(data, ref _recordInflated, out data, out error);
            if (status != PayloadStatus.Ready)
            {
                return status;
            }
        }

        if (!KplDeaggregator.IsAggregated(data.Span))
        {
            _payloads.Add(new KinesisPayload(data, KinesisPayload.NotAggregated, partitionKey));
            return PayloadStatus.Ready;
        }

        error = KplDeaggregator.Deaggregate(data, _payloads);
        if (error is not null)
        {
            _payloads.Clear();
            return PayloadStatus.Poison;
        }

        return PayloadStatus.Ready;
    }

    /// <summary>
    /// The bytes of payload <paramref name="index"/> of the last decoded record, inflated if they are gzip (into the
    /// one sub-record buffer, which the previous sub-record's bytes lose). A sub-record that cannot be inflated is
    /// poison on its own; its siblings are not.
    /// </summary>
    public PayloadStatus Open(int index, out ReadOnlyMemory<byte> data, out string? error)
    {
        KinesisPayload payload = _payloads[index];
        error = null;
        data = payload.Data;
        if (payload.SubSequenceNumber == KinesisPayload.NotAggregated || !GzipInflater.IsGzip(data.Span))
        {
            return PayloadStatus.Ready;
        }

        PayloadStatus status = Inflate(payload.Data, ref _subRecordInflated, out data, out error);
        if (error is not null)
        {
            error = $"KPL sub-record {payload.SubSequenceNumber}: {error}";
        }

        return status;
    }

    private PayloadStatus Inflate(ReadOnlyMemory<byte> compressed, ref byte[]? buffer, out ReadOnlyMemory<byte> inflated, out string? error)
    {
        inflated = default;
        long recordLeft = options.MaxInflatedBytesPerRecord - _recordInflatedBytes;
        long batchLeft = options.MaxInflatedBytesPerBatch - _batchInflatedBytes;
        int limit = (int)Math.Min(options.MaxInflatedBytes, Math.Max(0, Math.Min(recordLeft, batchLeft)));
        Return(ref buffer);
        if (limit == 0)
        {
            return Exceeded(recordLeft, batchLeft, out error);
        }

        error = GzipInflater.Inflate(compressed, limit, ArrayPool<byte>.Shared, out buffer, out int length);
        if (error is null)
        {
            _recordInflatedBytes += length;
            _batchInflatedBytes += length;
            inflated = buffer.AsMemory(0, length);
            return PayloadStatus.Ready;
        }

        Return(ref buffer);
        if (error.StartsWith("gzip payload inflates beyond", StringComparison.Ordinal) && limit < options.MaxInflatedBytes)
        {
            // Not the payload's own limit that stopped it, but what is left of the record's or the batch's.
            return Exceeded(recordLeft, batchLeft, out error);
        }

        return PayloadStatus.Poison;
    }

    private PayloadStatus Exceeded(long recordLeft, long batchLeft, out string error)
    {
        if (recordLeft <= batchLeft)
        {
            error = $"the record inflates beyond its {options.MaxInflatedBytesPerRecord}-byte limit (DecodingOptions.MaxInflatedBytesPerRecord)";
            return PayloadStatus.Poison;
        }

        error = $"the batch has inflated {_batchInflatedBytes} bytes, its limit (DecodingOptions.MaxInflatedBytesPerBatch) is {options.MaxInflatedBytesPerBatch}";
        return PayloadStatus.BatchLimitReached;
    }

    private static void Return(ref byte[]? buffer)
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }
    }

    /// <summary>Returns every pooled buffer.</summary>
    public void Dispose()
    {
        Return(ref _decoded);
        Return(ref _recordInflated);
        Return(ref _subRecordInflated);
        Return(ref _unescaped);
        _payloads.Clear();
    }
}
