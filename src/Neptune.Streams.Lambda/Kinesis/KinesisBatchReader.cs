using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Neptune.Streams.Lambda.Kinesis;

/// <summary>
/// Reads a Lambda Kinesis event in one <see cref="Utf8JsonReader"/> pass over the payload bytes, into a
/// <see cref="KinesisBatch"/> of values: no <see cref="KinesisEvent"/> objects, and each record's base64 <c>data</c>
/// left in the payload for the decoder to decode straight into its pooled buffer. It accepts exactly what Lambda
/// sends; anything else (a malformed or unexpected payload, a tumbling-window event, a value of the wrong type, a
/// record the validator would refuse) makes it give up, and the caller reads the payload the general way
/// (<see cref="KinesisEventReader"/>), which names what is wrong in the same designated errors as always.
/// </summary>
internal static class KinesisBatchReader
{
    private const int InitialCapacity = 64;

    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Reads the batch; false when the payload needs the general reader (the batch is then null).</summary>
    public static bool TryRead(ReadOnlyMemory<byte> payload, out KinesisBatch? batch)
    {
        batch = null;
        KinesisRecordEntry[] entries = ArrayPool<KinesisRecordEntry>.Shared.Rent(InitialCapacity);
        int count = 0;
        bool read;
        try
        {
            read = TryReadEvent(payload.Span, ref entries, ref count);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException or FormatException)
        {
            // Malformed JSON or text that is not UTF-8: the general reader says where.
            read = false;
        }

        if (!read)
        {
            ArrayPool<KinesisRecordEntry>.Shared.Return(entries, clearArray: true);
            return false;
        }

        batch = KinesisBatch.FromPayload(entries, count, payload);
        return true;
    }

    private static bool TryReadEvent(ReadOnlySpan<byte> payload, ref KinesisRecordEntry[] entries, ref int count)
    {
        var reader = new Utf8JsonReader(payload, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        bool sawRecords = false;
        var strings = new StringReuse();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("Records"u8))
            {
                if (sawRecords || !reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                {
                    return false;
                }

                sawRecords = true;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.StartObject || !TryReadRecord(ref reader, ref strings, out KinesisRecordEntry entry))
                    {
                        return false;
                    }

                    if (count == entries.Length)
                    {
                        Grow(ref entries, count);
                    }

                    entries[count++] = entry;
                }
            }
            else if (IsWindowProperty(ref reader))
            {
                // JSON null is what a serializer writes for an event without a window; a value makes this a
                // tumbling-window invocation: rare, and the general reader checks its fields.
                if (!reader.Read() || reader.TokenType != JsonTokenType.Null)
                {
                    return false;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        // The end of the root object, and nothing after it but what the reader allows (whitespace, comments).
        return sawRecords && reader.TokenType == JsonTokenType.EndObject && !reader.Read();
    }

    private static bool IsWindowProperty(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("shardId"u8) || reader.ValueTextEquals("eventSourceARN"u8) || reader.ValueTextEquals("window"u8)
        || reader.ValueTextEquals("state"u8) || reader.ValueTextEquals("isFinalInvokeForWindow"u8)
        || reader.ValueTextEquals("isWindowTerminatedEarly"u8);

    private static bool TryReadRecord(ref Utf8JsonReader reader, ref StringReuse strings, out KinesisRecordEntry entry)
    {
        entry = default;
        string shard = "unknown-shard";
        string? eventSourceArn = null;
        bool sawKinesis = false;
        string? sequenceNumber = null;
        string partitionKey = string.Empty;
        double arrival = 0;
        JsonSlice data = JsonSlice.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("kinesis"u8))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject
                    || !TryReadKinesis(ref reader, ref strings, out sequenceNumber, out partitionKey, out arrival, out data))
                {
                    return false;
                }

                sawKinesis = true;
            }
            else if (reader.ValueTextEquals("eventSource"u8))
            {
                if (!reader.Read() || !IsStringOrNull(ref reader))
                {
                    return false;
                }

                if (reader.TokenType == JsonTokenType.String && !reader.ValueTextEquals("aws:kinesis"u8))
                {
                    return false; // another service's record: the validator names it
                }
            }
            else if (reader.ValueTextEquals("eventID"u8))
            {
                if (!reader.Read() || !IsStringOrNull(ref reader))
                {
                    return false;
                }

                shard = reader.TokenType == JsonTokenType.Null ? "unknown-shard" : strings.Shard(ref reader);
            }
            else if (reader.ValueTextEquals("eventSourceARN"u8))
            {
                if (!reader.Read() || !IsStringOrNull(ref reader))
                {
                    return false;
                }

                eventSourceArn = reader.TokenType == JsonTokenType.Null ? null : StringReuse.Reuse(ref reader, ref strings.LastArn);
            }
            else if (reader.ValueTextEquals("eventVersion"u8) || reader.ValueTextEquals("eventName"u8)
                || reader.ValueTextEquals("invokeIdentityArn"u8) || reader.ValueTextEquals("awsRegion"u8))
            {
                if (!reader.Read() || !IsStringOrNull(ref reader))
                {
                    return false;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!sawKinesis || string.IsNullOrEmpty(sequenceNumber))
        {
            return false; // the validator names the record
        }

        entry = new KinesisRecordEntry(sequenceNumber, shard, partitionKey, eventSourceArn, arrival, data);
        return true;
    }

    private static bool TryReadKinesis(
        ref Utf8JsonReader reader, ref StringReuse strings, out string? sequenceNumber, out string partitionKey, out double arrival, out JsonSlice data)
    {
        sequenceNumber = null;
        partitionKey = string.Empty;
        arrival = 0;
        data = JsonSlice.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("data"u8))
            {
                if (!reader.Read() || !IsStringOrNull(ref reader))
                {
                    return false;
                }

                data = reader.TokenType == JsonTokenType.Null ? JsonSlice.None : JsonSlice.Of(ref reader);
            }
            else if (reader.ValueTextEquals("sequenceNumber"u8))
            {
                if (!reader.Read() || !IsStringOrNull(ref reader))
                {
                    return false;
                }

                sequenceNumber = reader.GetString();
            }
            else if (reader.ValueTextEquals("partitionKey"u8))
            {
                if (!reader.Read() || !IsStringOrNull(ref reader))
                {
                    return false;
                }

                // JSON null leaves the key null in a KinesisEvent; the record loop's positions need a string.
                partitionKey = reader.TokenType == JsonTokenType.Null ? null! : StringReuse.Reuse(ref reader, ref strings.LastPartitionKey);
            }
            else if (reader.ValueTextEquals("approximateArrivalTimestamp"u8))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out arrival) || !double.IsFinite(arrival))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("kinesisSchemaVersion"u8) || reader.ValueTextEquals("encryptionType"u8))
            {
                if (!reader.Read() || !IsStringOrNull(ref reader))
                {
                    return false;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return true;
    }

    /// <summary>
    /// True for a string or JSON null, as a <c>string</c> member of <see cref="KinesisEvent"/> accepts; a string is also
    /// checked to be valid UTF-8 (and its escapes valid), as deserializing it would.
    /// </summary>
    private static bool IsStringOrNull(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        if (reader.ValueIsEscaped)
        {
            reader.GetString(); // throws on a bad escape or invalid UTF-8: the caller gives up
            return true;
        }

        return Utf8.IsValid(reader.ValueSpan);
    }

    private static void Grow(ref KinesisRecordEntry[] entries, int count)
    {
        KinesisRecordEntry[] larger = ArrayPool<KinesisRecordEntry>.Shared.Rent(entries.Length * 2);
        entries.AsSpan(0, count).CopyTo(larger);
        ArrayPool<KinesisRecordEntry>.Shared.Return(entries, clearArray: true);
        entries = larger;
    }

    /// <summary>Strings that repeat from record to record (shard, stream ARN, a vertex's partition key) are made once.</summary>
    private struct StringReuse
    {
        public string? LastShard;
        public string? LastArn;
        public string? LastPartitionKey;

        /// <summary>The shard of the <c>eventID</c> the reader stands on: the part before the colon.</summary>
        public string Shard(ref Utf8JsonReader reader)
        {
            if (reader.ValueIsEscaped)
            {
                return ShardOf(reader.GetString()!);
            }

            ReadOnlySpan<byte> id = reader.ValueSpan;
            if (id.IsEmpty)
            {
                return "unknown-shard";
            }

            int colon = id.IndexOf((byte)':');
            ReadOnlySpan<byte> shard = colon > 0 ? id[..colon] : id;
            return LastShard is { } last && Ascii.Equals(shard, last) ? last : LastShard = Encoding.UTF8.GetString(shard);
        }

        /// <summary>The string the reader stands on, or <paramref name="last"/> when it is the same text.</summary>
        public static string Reuse(ref Utf8JsonReader reader, ref string? last)
        {
            if (!reader.ValueIsEscaped && last is not null && Ascii.Equals(reader.ValueSpan, last))
            {
                return last;
            }

            return last = reader.GetString()!;
        }

        private static string ShardOf(string id)
        {
            if (id.Length == 0)
            {
                return "unknown-shard";
            }

            int colon = id.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 ? id[..colon] : id;
        }
    }
}
