using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Neptune.Streams.Lambda.ChangeRecords;

namespace Neptune.Streams.Lambda.Kinesis;

/// <summary>
/// Reads a Lambda Kinesis event in one pass over the payload bytes — <see cref="PlainEventReader"/> for the form
/// Lambda writes, or a <see cref="Utf8JsonReader"/> pass when that gives up — into a <see cref="KinesisBatch"/> of
/// values: no <see cref="KinesisEvent"/> objects, and each record's base64 <c>data</c> left in the payload for the
/// decoder to decode straight into its pooled buffer. It accepts exactly what Lambda
/// sends; anything else (a malformed or unexpected payload, a tumbling-window event, a value of the wrong type, a
/// record the validator would refuse) makes it give up, and the caller reads the payload the general way
/// (<see cref="KinesisEventReader"/>), which names what is wrong in the same designated errors as always.
/// </summary>
internal static class KinesisBatchReader
{
    private const int InitialCapacity = 64;

    /// <summary>Reads the batch; false when the payload needs the general reader (the batch is then null).</summary>
    public static bool TryRead(ReadOnlyMemory<byte> payload, out KinesisBatch? batch)
    {
        batch = null;

        // One pass of UTF-8 validation over the whole payload (mostly base64 text, which the validator's ASCII path
        // takes fast) instead of one call per string: a payload that is not UTF-8 anywhere is left to the general
        // reader, which names the fault if it lies in a field it reads.
        if (!Utf8.IsValid(payload.Span))
        {
            return false;
        }

        KinesisRecordEntry[] entries = ArrayPool<KinesisRecordEntry>.Shared.Rent(InitialCapacity);
        int count = 0;
        bool read;
        try
        {
            // The plain reader first (Lambda's own form, straight from the bytes); on anything else the tokenizer.
            read = PlainEventReader.TryReadEvent(payload.Span, ref entries, ref count);
            if (!read)
            {
                count = 0;
                read = TryReadEvent(payload.Span, ref entries, ref count);
            }
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

    internal static bool TryReadEvent(ReadOnlySpan<byte> payload, ref KinesisRecordEntry[] entries, ref int count)
    {
        // Strict JSON: Lambda writes neither comments nor trailing commas, and the tokenizer's strict path is the fast
        // one. A payload that has them is still read, by the general reader (which allows both) when this one gives up.
        var reader = new Utf8JsonReader(payload);
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

    /// <summary>The members of a tumbling-window event, which must be JSON null (or absent) in a plain Kinesis event.</summary>
    internal static bool IsWindowProperty(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("shardId"u8) || name.SequenceEqual("eventSourceARN"u8) || name.SequenceEqual("window"u8)
        || name.SequenceEqual("state"u8) || name.SequenceEqual("isFinalInvokeForWindow"u8) || name.SequenceEqual("isWindowTerminatedEarly"u8);

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
            switch (NameOf(ref reader))
            {
                case Name.Escaped:
                    return false;
                case Name.Kinesis:
                    if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject
                        || !TryReadKinesis(ref reader, ref strings, out sequenceNumber, out partitionKey, out arrival, out data))
                    {
                        return false;
                    }

                    sawKinesis = true;
                    break;
                case Name.EventSource:
                    if (!reader.Read() || !IsStringOrNull(ref reader))
                    {
                        return false;
                    }

                    if (reader.TokenType == JsonTokenType.String && !reader.ValueTextEquals("aws:kinesis"u8))
                    {
                        return false; // another service's record: the validator names it
                    }

                    break;
                case Name.EventId:
                    if (!reader.Read() || !IsStringOrNull(ref reader))
                    {
                        return false;
                    }

                    shard = reader.TokenType == JsonTokenType.Null ? "unknown-shard" : strings.Shard(ref reader);
                    break;
                case Name.EventSourceArn:
                    if (!reader.Read() || !IsStringOrNull(ref reader))
                    {
                        return false;
                    }

                    eventSourceArn = reader.TokenType == JsonTokenType.Null ? null : StringReuse.Reuse(ref reader, ref strings.LastArn);
                    break;
                case var other:
                    if (!SkipMember(ref reader, other is Name.EventVersion or Name.EventName or Name.InvokeIdentityArn or Name.AwsRegion))
                    {
                        return false;
                    }

                    break;
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
            switch (NameOf(ref reader))
            {
                case Name.Escaped:
                    return false;
                case Name.Data:
                    if (!reader.Read() || !IsStringOrNull(ref reader))
                    {
                        return false;
                    }

                    data = reader.TokenType == JsonTokenType.Null ? JsonSlice.None : JsonSlice.Of(ref reader);
                    break;
                case Name.SequenceNumber:
                    if (!reader.Read() || !IsStringOrNull(ref reader))
                    {
                        return false;
                    }

                    sequenceNumber = reader.GetString();
                    break;
                case Name.PartitionKey:
                    if (!reader.Read() || !IsStringOrNull(ref reader))
                    {
                        return false;
                    }

                    // JSON null leaves the key null in a KinesisEvent; the record loop's positions need a string.
                    partitionKey = reader.TokenType == JsonTokenType.Null ? null! : StringReuse.Reuse(ref reader, ref strings.LastPartitionKey);
                    break;
                case Name.ApproximateArrivalTimestamp:
                    if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !TryReadSeconds(ref reader, out arrival))
                    {
                        return false;
                    }

                    break;
                case var other:
                    if (!SkipMember(ref reader, other is Name.KinesisSchemaVersion or Name.EncryptionType))
                    {
                        return false;
                    }

                    break;
            }
        }

        return true;
    }

    /// <summary>
    /// The number the reader stands on as a finite double. Lambda writes epoch seconds with up to three decimals
    /// (<c>1545084650.987</c>): with at most 15 digits, the digits as an integer and the power of ten are both exact
    /// doubles, so one division gives the correctly rounded value <see cref="Utf8JsonReader.TryGetDouble"/> would,
    /// without its general parser. Any other form (an exponent, a sign, more digits) takes that parser.
    /// </summary>
    internal static bool TryReadSeconds(ref Utf8JsonReader reader, out double seconds) =>
        TryReadPlainSeconds(reader.HasValueSequence ? default : reader.ValueSpan, out seconds)
            || (reader.TryGetDouble(out seconds) && double.IsFinite(seconds));

    /// <summary>The seconds of a number in the plain form (at most 15 digits and one point); false for any other form.</summary>
    internal static bool TryReadPlainSeconds(ReadOnlySpan<byte> text, out double seconds)
    {
        if (text.Length is > 0 and <= 16)
        {
            long digits = 0;
            int count = 0;
            int point = -1;
            for (int i = 0; i < text.Length; i++)
            {
                uint digit = (uint)(text[i] - '0');
                if (digit <= 9)
                {
                    digits = (digits * 10) + digit;
                    count++;
                }
                else if (text[i] == '.' && point < 0)
                {
                    point = i;
                }
                else
                {
                    count = int.MaxValue; // not plain digits: the general parser
                    break;
                }
            }

            if (count <= 15)
            {
                seconds = point < 0 ? digits : digits / PowersOfTen[text.Length - point - 1];
                return true;
            }
        }

        seconds = 0;
        return false;
    }

    private static ReadOnlySpan<double> PowersOfTen => [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>
    /// Which member the property name the reader stands on names, told apart by length first: a chain of
    /// <c>ValueTextEquals</c> calls compared each name with up to eight others, twice per record. An escaped name
    /// (Lambda writes none) is left to the general reader, which unescapes it.
    /// </summary>
    private static Name NameOf(ref Utf8JsonReader reader) => reader.ValueIsEscaped ? Name.Escaped : NameOf(reader.ValueSpan);

    /// <summary>Which member the name (as written, not escaped) names.</summary>
    internal static Name NameOf(ReadOnlySpan<byte> name) =>
        name.Length switch
        {
            4 when name.SequenceEqual("data"u8) => Name.Data,
            7 when name.SequenceEqual("kinesis"u8) => Name.Kinesis,
            7 when name.SequenceEqual("eventID"u8) => Name.EventId,
            9 when name.SequenceEqual("eventName"u8) => Name.EventName,
            9 when name.SequenceEqual("awsRegion"u8) => Name.AwsRegion,
            11 when name.SequenceEqual("eventSource"u8) => Name.EventSource,
            12 when name.SequenceEqual("eventVersion"u8) => Name.EventVersion,
            12 when name.SequenceEqual("partitionKey"u8) => Name.PartitionKey,
            14 when name.SequenceEqual("sequenceNumber"u8) => Name.SequenceNumber,
            14 when name.SequenceEqual("eventSourceARN"u8) => Name.EventSourceArn,
            14 when name.SequenceEqual("encryptionType"u8) => Name.EncryptionType,
            17 when name.SequenceEqual("invokeIdentityArn"u8) => Name.InvokeIdentityArn,
            20 when name.SequenceEqual("kinesisSchemaVersion"u8) => Name.KinesisSchemaVersion,
            27 when name.SequenceEqual("approximateArrivalTimestamp"u8) => Name.ApproximateArrivalTimestamp,
            _ => Name.Other,
        };

    /// <summary>
    /// Moves past a member's value that is not kept; false when it is a string member of <see cref="KinesisEvent"/>
    /// (<paramref name="stringMember"/>) whose value is not a string or null, which deserializing would refuse.
    /// </summary>
    private static bool SkipMember(ref Utf8JsonReader reader, bool stringMember)
    {
        if (stringMember)
        {
            return reader.Read() && IsStringOrNull(ref reader);
        }

        reader.Read();
        reader.Skip();
        return true;
    }

    /// <summary>
    /// True for a string or JSON null, as a <c>string</c> member of <see cref="KinesisEvent"/> accepts; an escaped string
    /// is also checked to unescape to valid UTF-8, as deserializing it would (raw bytes were validated up front).
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
        }

        return true;
    }

    internal static void Grow(ref KinesisRecordEntry[] entries, int count)
    {
        KinesisRecordEntry[] larger = ArrayPool<KinesisRecordEntry>.Shared.Rent(entries.Length * 2);
        entries.AsSpan(0, count).CopyTo(larger);
        ArrayPool<KinesisRecordEntry>.Shared.Return(entries, clearArray: true);
        entries = larger;
    }

    /// <summary>
    /// The members of a record and of its <c>kinesis</c> object that the reader looks at (<see cref="EncryptionType"/>
    /// stays last: <see cref="RepeatedValues"/> has a slot for each).
    /// </summary>
    internal enum Name
    {
        Other,
        Escaped,
        Kinesis,
        EventSource,
        EventId,
        EventSourceArn,
        EventVersion,
        EventName,
        InvokeIdentityArn,
        AwsRegion,
        Data,
        SequenceNumber,
        PartitionKey,
        ApproximateArrivalTimestamp,
        KinesisSchemaVersion,
        EncryptionType,
    }

    /// <summary>
    /// Where in the payload the plain reader last read each member's value, for the members whose values repeat from
    /// record to record: the string with its quotes, indexed by <see cref="Name"/>.
    /// </summary>
    [System.Runtime.CompilerServices.InlineArray((int)Name.EncryptionType + 1)]
    internal struct RepeatedValues
    {
        private Range _first;
    }

    /// <summary>Strings that repeat from record to record (shard, stream ARN, a vertex's partition key) are made once.</summary>
    internal struct StringReuse
    {
        public string? LastShard;
        public string? LastArn;
        public string? LastPartitionKey;

        /// <summary>Where the plain reader last read each member whose value repeats (the string with its quotes).</summary>
        public RepeatedValues Repeats;

        /// <summary>The shard of the <c>eventID</c> the reader stands on: the part before the colon.</summary>
        public string Shard(ref Utf8JsonReader reader)
        {
            if (reader.ValueIsEscaped)
            {
                return ShardOf(reader.GetString()!);
            }

            return Shard(reader.ValueSpan);
        }

        /// <summary>The shard of an <c>eventID</c> as written (not escaped): the part before the colon.</summary>
        public string Shard(ReadOnlySpan<byte> id)
        {
            if (id.IsEmpty)
            {
                return "unknown-shard";
            }

            int colon = id.IndexOf((byte)':');
            ReadOnlySpan<byte> shard = colon > 0 ? id[..colon] : id;
            return LastShard is { } last && Ascii.Equals(shard, last) ? last : LastShard = Encoding.UTF8.GetString(shard);
        }

        /// <summary>The string the reader stands on, or <paramref name="last"/> when it is the same text.</summary>
        public static string Reuse(ref Utf8JsonReader reader, ref string? last) =>
            reader.ValueIsEscaped ? last = reader.GetString()! : Reuse(reader.ValueSpan, ref last);

        /// <summary>
        /// The string of <paramref name="utf8"/> (valid UTF-8, not escaped), or <paramref name="last"/> when it is the
        /// same text. A new one comes from the cache the change records' ids are read through
        /// (<see cref="Utf8StringCache"/>): the pump writes an element's id as its records' partition key, so the key
        /// and the record's id are then one string, not two copies.
        /// </summary>
        public static string Reuse(ReadOnlySpan<byte> utf8, ref string? last) =>
            last is not null && Ascii.Equals(utf8, last) ? last : last = Utf8StringCache.Current.Get(utf8);

        /// <summary>
        /// The string of <paramref name="utf8"/> (valid UTF-8, not escaped), for a sequence number: digits, widened in
        /// one pass where UTF-8 decoding makes two (anything else is decoded as UTF-8).
        /// </summary>
        public static string Text(ReadOnlySpan<byte> utf8) =>
            Ascii.IsValid(utf8)
                ? string.Create(utf8.Length, utf8, static (chars, ascii) => Ascii.ToUtf16(ascii, chars, out _))
                : Encoding.UTF8.GetString(utf8);

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
