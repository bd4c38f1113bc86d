using System.Globalization;
using System.Text.Json;

namespace Neptune.Streams.Pump.Neptune;

/// <summary>
/// Reads a stream-API page in one <see cref="Utf8JsonReader"/> pass, keeping each record's JSON text unchanged for
/// forwarding (a slice of the page's bytes). A document tree of the page and a property search per field took a
/// fifth of the pump's time. Members are read in any order, and a repeated one counts as its last occurrence.
/// </summary>
internal static class StreamPageParser
{
    /// <exception cref="InvalidDataException">The page is not a Neptune stream page; the message names the record.</exception>
    public static StreamPage Parse(ReadOnlyMemory<byte> body) => Parse(body, null);

    /// <summary>The same, for bytes from a pool: the page owns <paramref name="owner"/> and disposes it.</summary>
    /// <exception cref="InvalidDataException">The page is not a Neptune stream page; the message names the record.</exception>
    public static StreamPage Parse(ReadOnlyMemory<byte> body, IDisposable? owner)
    {
        try
        {
            return Read(body, owner);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The stream API answered with invalid JSON (line {ex.LineNumber + 1}).", ex);
        }
    }

    private static StreamPage Read(ReadOnlyMemory<byte> body, IDisposable? owner)
    {
        var reader = new Utf8JsonReader(body.Span);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip(); // invalid JSON is named as such before the missing array
            throw NoRecords();
        }

        List<StreamRecord>? records = null;
        InvalidDataException? recordsError = null;
        long lastTrx = 0;
        var strings = new RepeatedStrings();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("records"u8))
            {
                reader.Read();
                records = null;
                recordsError = null;
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    // A repeated "records" counts as its last occurrence, so an earlier one's error is kept, not thrown.
                    Utf8JsonReader array = reader;
                    try
                    {
                        records = ReadRecords(ref reader, body, ref strings);
                    }
                    catch (InvalidDataException ex)
                    {
                        recordsError = ex;
                        reader = array;
                    }
                }

                reader.Skip();
            }
            else if (reader.ValueTextEquals("lastTrxTimestamp"u8))
            {
                reader.Read();
                lastTrx = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long t) ? t : 0;
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        // Whatever follows the page's object is invalid JSON, as the reader says when asked for it.
        reader.Read();
        if (recordsError is not null)
        {
            throw recordsError;
        }

        return records is null
            ? throw NoRecords()
            : new StreamPage { Outcome = StreamReadOutcome.Records, Records = records, LastTrxTimestamp = lastTrx, Body = owner };
    }

    private static InvalidDataException NoRecords() => new("The stream API's answer has no \"records\" array.");

    private static List<StreamRecord> ReadRecords(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body, ref RepeatedStrings strings)
    {
        // Sized for records of about 256 bytes (Neptune's are 200-400 written compactly), so that a page's list is not
        // grown ten times from empty.
        var records = new List<StreamRecord>(Math.Min(body.Length / 256, 100_000));
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            try
            {
                records.Add(ReadRecord(ref reader, body, records.Count, ref strings));
            }
            catch (InvalidOperationException ex)
            {
                // A string that is not text (a lone surrogate escape, bytes that are not UTF-8) in a member the pump reads.
                throw new InvalidDataException($"Record {records.Count} of the page has a string that is not valid text: {ex.Message}", ex);
            }
        }

        return records;
    }

    private static StreamRecord ReadRecord(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body, int index, ref RepeatedStrings strings)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException($"Record {index} of the page is not a JSON object.");
        }

        int start = (int)reader.TokenStartIndex;
        bool validEventId = false;
        long commitNum = 0;
        long opNum = 0;
        bool isAdd = false;
        bool isLast = false;
        DataFields data = default;
        bool hasData = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("eventId"u8))
            {
                reader.Read();
                validEventId = TryReadEventId(ref reader, out commitNum, out opNum);
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                hasData = reader.TokenType == JsonTokenType.StartObject;
                data = hasData ? ReadData(ref reader, ref strings) : default;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("op"u8))
            {
                reader.Read();
                isAdd = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("ADD"u8);
                reader.Skip();
            }
            else if (reader.ValueTextEquals("isLastOp"u8))
            {
                reader.Read();
                isLast = reader.TokenType == JsonTokenType.True;
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!validEventId)
        {
            throw new InvalidDataException($"Record {index} of the page has no valid eventId.");
        }

        if (!hasData)
        {
            throw new InvalidDataException($"Record {index} ({commitNum}:{opNum}) has no data object.");
        }

        // The record's JSON as Neptune sent it: a slice of the page's bytes, so forwarding copies nothing until its
        // envelope is written.
        ReadOnlyMemory<byte> json = body[start..(int)reader.BytesConsumed];
        if (data.Statement is not null)
        {
            return new StreamRecord
            {
                CommitNum = commitNum, OpNum = opNum, IsLastOp = isLast, IsAdd = isAdd, Json = json,
                ElementId = Subject(data.Statement) ?? throw new InvalidDataException($"Record {commitNum}:{opNum} has a statement without a subject."),
            };
        }

        if (string.IsNullOrEmpty(data.Id) || data.Type is not ("vl" or "vp" or "e" or "ep"))
        {
            throw new InvalidDataException($"Record {commitNum}:{opNum} has no element id or an unknown type.");
        }

        return new StreamRecord
        {
            CommitNum = commitNum, OpNum = opNum, IsLastOp = isLast, IsAdd = isAdd, Json = json, ElementId = data.Id, Type = data.Type,
            Label = data.Type is "vl" or "e" && data.HasLabel ? strings.Label(body.Span[data.Label]) : null, From = data.From, To = data.To,
        };
    }

    /// <summary>Reads the <c>data</c> object the reader stands on, up to its end.</summary>
    private static DataFields ReadData(ref Utf8JsonReader reader, ref RepeatedStrings strings)
    {
        DataFields data = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            DataMember member = DataMemberOf(ref reader);
            reader.Read();
            switch (member)
            {
                case DataMember.Statement:
                    data.Statement = StringOrNull(ref reader);
                    break;
                case DataMember.Id:
                    data.Id = reader.TokenType == JsonTokenType.String ? strings.Id(ref reader) : null;
                    break;
                case DataMember.Type:
                    data.Type = TypeOf(ref reader);
                    break;
                case DataMember.From:
                    data.From = StringOrNull(ref reader);
                    break;
                case DataMember.To:
                    data.To = StringOrNull(ref reader);
                    break;
                case DataMember.Value:
                    // Where the label is, made into a string only once the type says it is one (a property's value
                    // can be large, and is forwarded as written).
                    data.Label = reader.TokenType == JsonTokenType.StartObject ? FindLabel(ref reader) : default;
                    break;
            }

            reader.Skip();
        }

        return data;
    }

    /// <summary>Which member of <c>data</c> the property name the reader stands on names.</summary>
    private static DataMember DataMemberOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("stmt"u8) ? DataMember.Statement
        : reader.ValueTextEquals("id"u8) ? DataMember.Id
        : reader.ValueTextEquals("type"u8) ? DataMember.Type
        : reader.ValueTextEquals("from"u8) ? DataMember.From
        : reader.ValueTextEquals("to"u8) ? DataMember.To
        : reader.ValueTextEquals("value"u8) ? DataMember.Value
        : DataMember.Other;

    /// <summary>
    /// Reads the <c>value</c> object up to its end: where its own (last) <c>value</c> member's string is in the page,
    /// quotes included (the label of a <c>vl</c> or <c>e</c> record), or an empty range when it is not a string.
    /// </summary>
    private static Range FindLabel(ref Utf8JsonReader reader)
    {
        Range label = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isValue = reader.ValueTextEquals("value"u8);
            reader.Read();
            if (isValue)
            {
                label = reader.TokenType == JsonTokenType.String ? (int)reader.TokenStartIndex..(int)reader.BytesConsumed : default;
            }

            reader.Skip();
        }

        return label;
    }

    /// <summary>A string member's value; null for JSON null or any other kind (which names nothing).</summary>
    private static string? StringOrNull(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.String ? reader.GetString() : null;

    /// <summary>The record type, as the constant string for the four Neptune writes.</summary>
    private static string? TypeOf(ref Utf8JsonReader reader) =>
        reader.TokenType != JsonTokenType.String ? null
        : reader.ValueTextEquals("vl"u8) ? "vl"
        : reader.ValueTextEquals("vp"u8) ? "vp"
        : reader.ValueTextEquals("e"u8) ? "e"
        : reader.ValueTextEquals("ep"u8) ? "ep"
        : reader.GetString();

    private static bool TryReadEventId(ref Utf8JsonReader reader, out long commitNum, out long opNum)
    {
        commitNum = 0;
        opNum = 0;
        if (reader.TokenType == JsonTokenType.String)
        {
            // One documented example writes the event id as "commitNum:opNum".
            string text = reader.GetString()!;
            int colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon > 0
                && long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out commitNum)
                && long.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out opNum);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return false;
        }

        bool hasCommit = false;
        bool hasOp = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isCommit = reader.ValueTextEquals("commitNum"u8);
            bool isOp = !isCommit && reader.ValueTextEquals("opNum"u8);
            reader.Read();
            if (isCommit)
            {
                hasCommit = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out commitNum);
            }
            else if (isOp)
            {
                hasOp = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out opNum);
            }

            reader.Skip();
        }

        return hasCommit && hasOp;
    }

    /// <summary>The members of a record's <c>data</c> object that say something about the element.</summary>
    private enum DataMember
    {
        Other,
        Statement,
        Id,
        Type,
        From,
        To,
        Value,
    }

    /// <summary>What a record's <c>data</c> object says about the element.</summary>
    private struct DataFields
    {
        public string? Statement;
        public string? Id;
        public string? Type;
        public string? From;
        public string? To;

        // Where the label's string is in the page, quotes included; 0..0 when there is none (the page starts with '{').
        public Range Label;

        public readonly bool HasLabel => !Label.Equals(default(Range));
    }

    /// <summary>
    /// A page's labels repeat from record to record, and an element's id from each of its records to the next (Neptune
    /// writes a commit's records of one element together): the last of each is made once.
    /// </summary>
    private struct RepeatedStrings
    {
        private string? _lastLabel;
        private string? _lastId;

        /// <summary>The label whose JSON string, quotes included, is <paramref name="quoted"/>.</summary>
        public string Label(ReadOnlySpan<byte> quoted)
        {
            var reader = new Utf8JsonReader(quoted);
            reader.Read();
            return Reuse(ref reader, ref _lastLabel);
        }

        public string Id(ref Utf8JsonReader reader) => Reuse(ref reader, ref _lastId);

        private static string Reuse(ref Utf8JsonReader reader, ref string? last) =>
            last is not null && reader.ValueTextEquals(last) ? last : last = reader.GetString()!;
    }

    /// <summary>The subject term of an N-Quads line (<c>&lt;iri&gt;</c> or <c>_:blank</c>), as written.</summary>
    internal static string? Subject(string statement)
    {
        ReadOnlySpan<char> text = statement.AsSpan().TrimStart();
        if (text.StartsWith("<"))
        {
            int end = text.IndexOf('>');
            return end > 0 ? text[..(end + 1)].ToString() : null;
        }

        int space = text.IndexOfAny(' ', '\t');
        return space > 0 ? text[..space].ToString() : null;
    }
}
