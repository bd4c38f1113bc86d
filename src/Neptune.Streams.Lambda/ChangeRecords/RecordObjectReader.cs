using System.Text.Json;
using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.ChangeRecords;

/// <summary>Reads the fields of one change record object (and a page's or envelope's top-level fields), in any order.</summary>
internal static class RecordObjectReader
{
    public static string? ReadRecordObject(
        ref Utf8JsonReader reader, ref RecordFields fields, bool allowPage, List<ChangeRecord> output, Utf8StringCache strings, out EnvelopeFields envelope)
    {
        envelope = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            Member member = MemberOf(ref reader);
            reader.Read();
            switch (member)
            {
                case Member.Data:
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        return "\"data\" is not an object";
                    }

                    fields.HasData = true;
                    if (ReadData(ref reader, ref fields, strings) is { } dataError)
                    {
                        return dataError;
                    }

                    break;
                case Member.EventId:
                    if (ReadEventId(ref reader, out var eventId) is { } idError)
                    {
                        return idError;
                    }

                    fields.EventId = eventId;
                    break;
                case Member.Op:
                    fields.Op = JsonValueReader.ReadToken(ref reader, strings);
                    break;
                case Member.CommitTimestamp:
                    fields.CommitTimestamp = JsonValueReader.ReadInt64(ref reader);
                    break;
                case Member.IsLastOp:
                    fields.IsLastOp = ReadFlag(ref reader);
                    break;
                case Member.Records when allowPage:
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        return "\"records\" is not an array";
                    }

                    envelope.IsPage = true;
                    if (ChangeRecordParser.ReadRecordArray(ref reader, output, strings) is { } recordsError)
                    {
                        return recordsError;
                    }

                    break;
                case Member.Labels when allowPage:
                    envelope.Labels = JsonValueReader.ReadStringList(ref reader);
                    break;
                case Member.From when allowPage:
                    envelope.From = JsonValueReader.ReadToken(ref reader, strings);
                    break;
                case Member.To when allowPage:
                    envelope.To = JsonValueReader.ReadToken(ref reader, strings);
                    break;
                case Member.LabelsUnknown when allowPage:
                    envelope.LabelsUnknown = ReadFlag(ref reader);
                    break;
                case Member.Snapshot when allowPage:
                    envelope.IsSnapshot = ReadFlag(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return null;
    }

    /// <summary>True for JSON <c>true</c>; any other value is false, and an object or array is skipped whole.</summary>
    private static bool ReadFlag(ref Utf8JsonReader reader)
    {
        bool value = reader.TokenType == JsonTokenType.True;
        reader.Skip();
        return value;
    }

    public static string? ReadData(ref Utf8JsonReader reader, ref RecordFields fields, Utf8StringCache strings)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            Member member = MemberOf(ref reader);
            reader.Read();
            switch (member)
            {
                case Member.Id:
                    fields.Id = JsonValueReader.ReadToken(ref reader, strings);
                    break;
                case Member.Type:
                    fields.Type = JsonValueReader.ReadToken(ref reader, strings);
                    break;
                case Member.Key:
                    fields.Key = JsonValueReader.ReadToken(ref reader, strings);
                    break;
                case Member.Value:
                    if (JsonValueReader.ReadTypedValue(ref reader, strings, out var value) is { } valueError)
                    {
                        return valueError;
                    }

                    fields.Value = value;
                    break;
                case Member.From:
                    fields.From = JsonValueReader.ReadToken(ref reader, strings);
                    break;
                case Member.To:
                    fields.To = JsonValueReader.ReadToken(ref reader, strings);
                    break;
                case Member.Stmt:
                    fields.Stmt = JsonValueReader.ReadString(ref reader);
                    break;
                case Member.Label or Member.Labels:
                    fields.Labels = JsonValueReader.ReadStringList(ref reader);
                    break;
                case Member.Properties:
                    if (JsonValueReader.ReadSimplifiedProperties(ref reader, strings, out var properties) is { } propertiesError)
                    {
                        return propertiesError;
                    }

                    fields.Properties = properties;
                    break;
                case Member.StmtType:
                    fields.StmtType = JsonValueReader.ReadToken(ref reader, strings);
                    break;
                case Member.S:
                    fields.S = JsonValueReader.ReadString(ref reader);
                    break;
                case Member.P:
                    fields.P = JsonValueReader.ReadString(ref reader);
                    break;
                case Member.O:
                    fields.O = JsonValueReader.ReadString(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return null;
    }

    public static string? ReadEventId(ref Utf8JsonReader reader, out NeptuneEventId eventId)
    {
        eventId = default;
        if (reader.TokenType == JsonTokenType.String)
        {
            return NeptuneEventId.TryParse(reader.GetString(), out eventId)
                ? null
                : "\"eventId\" is a string but not \"commitNum:opNum\"";
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return "\"eventId\" is neither an object nor a \"commitNum:opNum\" string";
        }

        long? commit = null, op = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isCommit = reader.ValueTextEquals("commitNum"u8);
            bool isOp = !isCommit && reader.ValueTextEquals("opNum"u8);
            reader.Read();
            if (isCommit)
            {
                commit = JsonValueReader.ReadInt64(ref reader);
            }
            else if (isOp)
            {
                op = JsonValueReader.ReadInt64(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        if (commit is null || op is null)
        {
            return "\"eventId\" lacks a numeric commitNum or opNum";
        }

        eventId = new NeptuneEventId(commit.Value, op.Value);
        return null;
    }

    /// <summary>
    /// Which member the property name the reader stands on names, told apart by length first (a chain of
    /// <c>ValueTextEquals</c> calls compared each name with up to fourteen others). An escaped name is unescaped
    /// first, so <c>"\u0069d"</c> is still <c>id</c>.
    /// </summary>
    private static Member MemberOf(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped || reader.HasValueSequence ? UnescapedMemberOf(ref reader) : MemberNamed(reader.ValueSpan);

    private static Member UnescapedMemberOf(ref Utf8JsonReader reader)
    {
        // An escape takes at most six bytes per byte it stands for: a name longer than this unescapes to one longer
        // than any member's.
        Span<byte> scratch = stackalloc byte[96];
        long escaped = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (escaped > scratch.Length)
        {
            return Member.Other;
        }

        try
        {
            return MemberNamed(scratch[..reader.CopyString(scratch)]);
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate or invalid UTF-8 behind the escapes: no member's name, and an unknown member is skipped.
            return Member.Other;
        }
    }

    internal static Member MemberNamed(ReadOnlySpan<byte> name) => name.Length switch
    {
        1 => name[0] switch
        {
            (byte)'s' => Member.S,
            (byte)'p' => Member.P,
            (byte)'o' => Member.O,
            _ => Member.Other,
        },
        2 when name.SequenceEqual("id"u8) => Member.Id,
        2 when name.SequenceEqual("op"u8) => Member.Op,
        2 when name.SequenceEqual("to"u8) => Member.To,
        3 when name.SequenceEqual("key"u8) => Member.Key,
        4 when name.SequenceEqual("data"u8) => Member.Data,
        4 when name.SequenceEqual("type"u8) => Member.Type,
        4 when name.SequenceEqual("from"u8) => Member.From,
        4 when name.SequenceEqual("stmt"u8) => Member.Stmt,
        5 when name.SequenceEqual("value"u8) => Member.Value,
        5 when name.SequenceEqual("label"u8) => Member.Label,
        6 when name.SequenceEqual("labels"u8) => Member.Labels,
        7 when name.SequenceEqual("eventId"u8) => Member.EventId,
        7 when name.SequenceEqual("records"u8) => Member.Records,
        8 when name.SequenceEqual("isLastOp"u8) => Member.IsLastOp,
        8 when name.SequenceEqual("stmtType"u8) => Member.StmtType,
        8 when name.SequenceEqual("snapshot"u8) => Member.Snapshot,
        10 when name.SequenceEqual("properties"u8) => Member.Properties,
        13 when name.SequenceEqual("labelsUnknown"u8) => Member.LabelsUnknown,
        15 when name.SequenceEqual("commitTimestamp"u8) => Member.CommitTimestamp,
        _ => Member.Other,
    };

    /// <summary>The members of a change record, of its <c>data</c>, and of a page or the pump's envelope.</summary>
    internal enum Member
    {
        Other,
        Data,
        EventId,
        Op,
        CommitTimestamp,
        IsLastOp,
        Records,
        Labels,
        From,
        To,
        LabelsUnknown,
        Snapshot,
        Id,
        Type,
        Key,
        Value,
        Stmt,
        Label,
        Properties,
        StmtType,
        S,
        P,
        O,

        /// <summary>A typed value's <c>dataType</c> (a member of <c>value</c>, not of <c>data</c>).</summary>
        DataType,
    }
}
