using System.Buffers;

namespace Neptune.Streams.Lambda.Kinesis;

/// <summary>
/// Turns a Kinesis record's base64 <c>data</c> into payloads: base64 into a pooled buffer, gzip inflated when the
/// magic bytes say so, KPL aggregates split into their sub-records. One instance serves one batch at a time:
/// the payloads of a record stay valid until the next call to <see cref="Decode"/> or <see cref="Dispose"/>.
/// </summary>
internal sealed class KinesisPayloadDecoder(DecodingOptions options) : IDisposable
{
    private readonly List<byte[]> _rented = [];
    private readonly List<KinesisPayload> _payloads = [];

    /// <summary>The payloads of the last decoded record.</summary>
    public IReadOnlyList<KinesisPayload> Payloads => _payloads;

    /// <summary>Decodes one record; returns null on success or the reason it cannot be decoded.</summary>
    public string? Decode(KinesisStreamRecord record)
    {
        ReturnBuffers();
        _payloads.Clear();

        string? base64 = record.Data;
        if (string.IsNullOrEmpty(base64))
        {
            // JSON null or "" for data: Kinesis never stores an empty record, so this one cannot be a change.
            return "data is missing or empty";
        }

        byte[] decoded = Rent(Math.Max(1, base64.Length / 4 * 3 + 3));
        if (!Convert.TryFromBase64String(base64, decoded, out int length))
        {
            return "data is not valid base64";
        }

        ReadOnlyMemory<byte> data = decoded.AsMemory(0, length);
        if (GzipInflater.IsGzip(data.Span))
        {
            string? error = Inflate(data, out data);
            if (error is not null)
            {
                return error;
            }
        }

        if (!KplDeaggregator.IsAggregated(data.Span))
        {
            _payloads.Add(new KinesisPayload(data, KinesisPayload.NotAggregated, record.PartitionKey));
            return null;
        }

        int before = _payloads.Count;
        string? kplError = KplDeaggregator.Deaggregate(data, _payloads);
        if (kplError is not null)
        {
            return kplError;
        }

        // Producers may compress each user record before aggregating it.
        for (int i = before; i < _payloads.Count; i++)
        {
            KinesisPayload payload = _payloads[i];
            if (GzipInflater.IsGzip(payload.Data.Span))
            {
                string? error = Inflate(payload.Data, out var inflated);
                if (error is not null)
                {
                    return $"KPL sub-record {payload.SubSequenceNumber}: {error}";
                }

                _payloads[i] = payload with { Data = inflated };
            }
        }

        return null;
    }

    private string? Inflate(ReadOnlyMemory<byte> compressed, out ReadOnlyMemory<byte> inflated)
    {
        var result = GzipInflater.Inflate(compressed, options.MaxInflatedBytes, ArrayPool<byte>.Shared, out byte[]? buffer, out int length);
        if (buffer is not null)
        {
            _rented.Add(buffer);
        }

        inflated = result is null ? buffer.AsMemory(0, length) : default;
        return result;
    }

    private byte[] Rent(int size)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(size);
        _rented.Add(buffer);
        return buffer;
    }

    private void ReturnBuffers()
    {
        foreach (byte[] buffer in _rented)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _rented.Clear();
    }

    /// <summary>Returns every pooled buffer.</summary>
    public void Dispose()
    {
        ReturnBuffers();
        _payloads.Clear();
    }
}
