using System.Buffers.Text;
using System.Text;
using Name = Neptune.Streams.Lambda.Kinesis.KinesisBatchReader.Name;
using static Neptune.Streams.Lambda.Json.PlainJson;

namespace Neptune.Streams.Lambda.Kinesis;

/// <summary>
/// Reads a Lambda Kinesis event in the form Lambda writes it straight from the payload bytes, without a tokenizer, into
/// the same record values as <see cref="KinesisBatchReader"/>'s <c>Utf8JsonReader</c> pass: member names and the strings
/// it keeps not escaped, the arrival time as plain digits. On anything else it gives up (false), and that pass reads
/// the payload. It takes members exactly as that pass does (any order; a repeated member read again) and never
/// accepts what it refuses. The caller has checked that the payload is UTF-8.
/// </summary>
internal static class PlainEventReader
{
    /// <summary>Adds the event's records to <paramref name="entries"/>; false when the tokenizer must read the payload.</summary>
    public static bool TryReadEvent(ReadOnlySpan<byte> payload, ref KinesisRecordEntry[] entries, ref int count)
    {
        int i = Whitespace(payload, 0);
        if (At(payload, i) != '{')
        {
            return false;
        }

        bool sawRecords = false;
        var strings = new KinesisBatchReader.StringReuse();
        bool end = EnterObject(payload, ref i);
        while (!end)
        {
            if (!RawName(payload, ref i, out ReadOnlySpan<byte> name))
            {
                return false;
            }

            bool read;
            if (name.SequenceEqual("Records"u8))
            {
                read = !sawRecords && TryReadRecords(payload, ref i, ref strings, ref entries, ref count);
                sawRecords = true;
            }
            else
            {
                // A window member must be JSON null: a value makes it a tumbling-window invocation.
                read = KinesisBatchReader.IsWindowProperty(name) ? Literal(payload, ref i, "null"u8) : TrySkipValue(payload, ref i);
            }

            if (!read || !NextItem(payload, ref i, (byte)'}', out end))
            {
                return false;
            }
        }

        return sawRecords && Whitespace(payload, i) == payload.Length;
    }

    private static bool TryReadRecords(
        ReadOnlySpan<byte> payload, ref int i, ref KinesisBatchReader.StringReuse strings, ref KinesisRecordEntry[] entries, ref int count)
    {
        if (At(payload, i) != '[')
        {
            return false;
        }

        bool end = EnterArray(payload, ref i);
        while (!end)
        {
            if (At(payload, i) != '{' || !TryReadRecord(payload, ref i, ref strings, out KinesisRecordEntry entry))
            {
                return false;
            }

            if (count == entries.Length)
            {
                KinesisBatchReader.Grow(ref entries, count);
            }

            entries[count++] = entry;
            if (!NextItem(payload, ref i, (byte)']', out end))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryReadRecord(ReadOnlySpan<byte> payload, ref int i, ref KinesisBatchReader.StringReuse strings, out KinesisRecordEntry entry)
    {
        entry = default;
        string shard = "unknown-shard";
        string? eventSourceArn = null;
        bool sawKinesis = false;
        var kinesis = default(KinesisFields);
        Name expected = Name.Kinesis;
        bool end = EnterObject(payload, ref i);
        while (!end)
        {
            if (!TryReadName(payload, ref i, ref expected, out Name member))
            {
                return false;
            }

            bool read;
            switch (member)
            {
                case Name.Kinesis:
                    read = At(payload, i) == '{' && TryReadKinesis(payload, ref i, ref strings, out kinesis);
                    sawKinesis = true;
                    break;
                case Name.EventSource:
                    // Another service's record (or an escaped source) is the tokenizer's, and the validator's, to name.
                    if (Follows(payload, i, "\"aws:kinesis\""u8))
                    {
                        i += "\"aws:kinesis\""u8.Length;
                        read = true;
                        break;
                    }

                    read = TryReadPlainString(payload, ref i, out ReadOnlySpan<byte> source, out bool isNull)
                        && (isNull || source.SequenceEqual("aws:kinesis"u8));
                    break;
                case Name.EventId:
                    read = TryReadPlainString(payload, ref i, out ReadOnlySpan<byte> id, out isNull);
                    shard = isNull ? "unknown-shard" : strings.Shard(id);
                    break;
                case Name.EventSourceArn:
                    read = TryReadRepeatedString(payload, ref i, ref strings.Repeats[(int)member], out ReadOnlySpan<byte> arn, out isNull);
                    eventSourceArn = !read || isNull ? null : KinesisBatchReader.StringReuse.Reuse(arn, ref strings.LastArn);
                    break;
                case Name.EventVersion or Name.EventName or Name.InvokeIdentityArn or Name.AwsRegion:
                    read = TryReadRepeatedString(payload, ref i, ref strings.Repeats[(int)member], out _, out _);
                    break;
                default:
                    read = TrySkipValue(payload, ref i);
                    break;
            }

            if (!read || !NextItem(payload, ref i, (byte)'}', out end))
            {
                return false;
            }
        }

        if (!sawKinesis || string.IsNullOrEmpty(kinesis.SequenceNumber))
        {
            return false; // the validator names the record
        }

        entry = new KinesisRecordEntry(kinesis.SequenceNumber, shard, kinesis.PartitionKey!, eventSourceArn, kinesis.Arrival, kinesis.Data)
        {
            PendingPartitionKey = kinesis.PendingPartitionKey,
        };
        return true;
    }

    private static bool TryReadKinesis(ReadOnlySpan<byte> payload, ref int i, ref KinesisBatchReader.StringReuse strings, out KinesisFields kinesis)
    {
        // A repeated kinesis member starts over, as the tokenizer's pass does.
        kinesis = new KinesisFields { PartitionKey = string.Empty, PendingPartitionKey = JsonSlice.None, Data = JsonSlice.None };
        Name expected = Name.KinesisSchemaVersion;
        bool end = EnterObject(payload, ref i);
        while (!end)
        {
            if (!TryReadName(payload, ref i, ref expected, out Name member))
            {
                return false;
            }

            bool read;
            bool isNull;
            switch (member)
            {
                case Name.Data:
                    int start = i + 1;
                    read = TryReadPlainString(payload, ref i, out ReadOnlySpan<byte> data, out isNull);
                    kinesis.Data = isNull ? JsonSlice.None : new JsonSlice(start, data.Length, Escaped: false);
                    break;
                case Name.SequenceNumber:
                    read = TryReadPlainString(payload, ref i, out ReadOnlySpan<byte> sequence, out isNull);
                    kinesis.SequenceNumber = !read || isNull ? null : KinesisBatchReader.StringReuse.Text(sequence);
                    break;
                case Name.PartitionKey:
                    int keyStart = i + 1;
                    read = TryReadPlainString(payload, ref i, out ReadOnlySpan<byte> key, out isNull);

                    // JSON null leaves the key null in a KinesisEvent, as the tokenizer's pass keeps it. A string is
                    // made when the batch hands the record out (KinesisBatch), not now.
                    kinesis.PartitionKey = null!;
                    kinesis.PendingPartitionKey = !read || isNull ? JsonSlice.None : new JsonSlice(keyStart, key.Length, Escaped: false);
                    break;
                case Name.ApproximateArrivalTimestamp:
                    int numberEnd = NumberEnd(payload, i);
                    read = numberEnd > 0 && TryReadSeconds(payload[i..numberEnd], out kinesis.Arrival);
                    i = numberEnd;
                    break;
                case Name.KinesisSchemaVersion:
                    read = TryReadRepeatedString(payload, ref i, ref strings.Repeats[(int)member], out _, out _);
                    break;
                case Name.EncryptionType:
                    read = TryReadPlainString(payload, ref i, out _, out _);
                    break;
                default:
                    read = TrySkipValue(payload, ref i);
                    break;
            }

            if (!read || !NextItem(payload, ref i, (byte)'}', out end))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The member name at <paramref name="i"/> (not escaped) and its colon. Lambda writes a record's members in one
    /// order, so the name <paramref name="expected"/> after the one before is tried first, as written; then
    /// <paramref name="expected"/> becomes the one after this.
    /// </summary>
    private static bool TryReadName(ReadOnlySpan<byte> payload, ref int i, ref Name expected, out Name member)
    {
        bool read = RawName(payload, ref i, QuotedNames[(int)expected], out bool isExpected, out ReadOnlySpan<byte> name);
        member = !read ? Name.Other : isExpected ? expected : KinesisBatchReader.NameOf(name);
        expected = member switch
        {
            Name.Kinesis => Name.EventSource,
            Name.EventSource => Name.EventVersion,
            Name.EventVersion => Name.EventId,
            Name.EventId => Name.EventName,
            Name.EventName => Name.InvokeIdentityArn,
            Name.InvokeIdentityArn => Name.AwsRegion,
            Name.AwsRegion => Name.EventSourceArn,
            Name.KinesisSchemaVersion => Name.PartitionKey,
            Name.PartitionKey => Name.SequenceNumber,
            Name.SequenceNumber => Name.Data,
            Name.Data => Name.ApproximateArrivalTimestamp,
            _ => Name.Other,
        };
        return read;
    }

    // Indexed by the name (the enum counts from 0): a look-up where the switch below is a call per name.
    private static readonly byte[][] QuotedNames = [.. Enum.GetValues<Name>().Select(n => Quoted(n).ToArray())];

    /// <summary>The name as Lambda writes it, with its quotes and colon (empty for <see cref="Name.Other"/>: none expected).</summary>
    private static ReadOnlySpan<byte> Quoted(Name name) => name switch
    {
        Name.Kinesis => "\"kinesis\":"u8,
        Name.EventSource => "\"eventSource\":"u8,
        Name.EventVersion => "\"eventVersion\":"u8,
        Name.EventId => "\"eventID\":"u8,
        Name.EventName => "\"eventName\":"u8,
        Name.InvokeIdentityArn => "\"invokeIdentityArn\":"u8,
        Name.AwsRegion => "\"awsRegion\":"u8,
        Name.EventSourceArn => "\"eventSourceARN\":"u8,
        Name.KinesisSchemaVersion => "\"kinesisSchemaVersion\":"u8,
        Name.PartitionKey => "\"partitionKey\":"u8,
        Name.SequenceNumber => "\"sequenceNumber\":"u8,
        Name.Data => "\"data\":"u8,
        Name.ApproximateArrivalTimestamp => "\"approximateArrivalTimestamp\":"u8,
        _ => [],
    };

    /// <summary>
    /// <see cref="TryReadPlainString"/> for a member whose value repeats from record to record: when the bytes at
    /// <paramref name="i"/> are the previous record's string, quotes included, they are that plain string again.
    /// </summary>
    private static bool TryReadRepeatedString(
        ReadOnlySpan<byte> payload, ref int i, ref Range previous, out ReadOnlySpan<byte> text, out bool isNull)
    {
        isNull = false;
        ReadOnlySpan<byte> quoted = payload[previous];
        if (!quoted.IsEmpty && Follows(payload, i, quoted))
        {
            text = quoted[1..^1];
            i += quoted.Length;
            return true;
        }

        int start = i;
        if (!TryReadPlainString(payload, ref i, out text, out isNull))
        {
            return false;
        }

        previous = isNull ? default : start..i;
        return true;
    }

    /// <summary>A JSON number's finite value, as <see cref="System.Text.Json.Utf8JsonReader.TryGetDouble"/> reads it.</summary>
    private static bool TryReadSeconds(ReadOnlySpan<byte> number, out double seconds)
    {
        if (KinesisBatchReader.TryReadPlainSeconds(number, out seconds))
        {
            return true;
        }

        return Utf8Parser.TryParse(number, out seconds, out int consumed) && consumed == number.Length && double.IsFinite(seconds);
    }

    /// <summary>
    /// A string that holds no escapes, or JSON null (<paramref name="isNull"/>): what a string member of
    /// <see cref="KinesisEvent"/> accepts. An escaped string is left to the tokenizer's pass, which checks that it unescapes.
    /// </summary>
    private static bool TryReadPlainString(ReadOnlySpan<byte> payload, ref int i, out ReadOnlySpan<byte> text, out bool isNull)
    {
        text = default;
        isNull = At(payload, i) == 'n';
        if (isNull)
        {
            return Literal(payload, ref i, "null"u8);
        }

        bool escaped = false;
        int close = At(payload, i) == '"' ? StringEnd(payload, i + 1, out escaped) : -1;
        if (close < 0 || escaped)
        {
            return false;
        }

        text = payload[(i + 1)..close];
        i = close + 1;
        return true;
    }

    /// <summary>What a record's <c>kinesis</c> object holds, as the record loop keeps it.</summary>
    private struct KinesisFields
    {
        public string? SequenceNumber;

        // Empty when absent; null when Lambda sent JSON null or a string, which is then pending.
        public string PartitionKey;

        // Where a string partition key sits in the payload.
        public JsonSlice PendingPartitionKey;
        public double Arrival;
        public JsonSlice Data;
    }
}
