using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Neptune.Streams.Lambda.GraphEvents;
using static Neptune.Streams.Lambda.Json.PlainJson;
using Member = Neptune.Streams.Lambda.ChangeRecords.RecordObjectReader.Member;

namespace Neptune.Streams.Lambda.ChangeRecords;

/// <summary>
/// Reads the change records of a payload straight from its bytes, without a tokenizer, when they are in the plain form
/// Neptune and the pump write: member names not escaped, values of the types Neptune writes (a simplified form's
/// <c>properties</c> go to the general reader). It takes members as <see cref="RecordObjectReader"/> does (any order, a
/// repeated member read again) and builds records with the same <see cref="RecordFields.Build"/>. On anything else —
/// malformed JSON, an escaped name, a value of an unusual type, deep nesting, a record that is not valid — it gives up
/// (false, nothing added), and the general <see cref="Utf8JsonReader"/> path reads the payload and words any error. It
/// never accepts what the general reader refuses: every string, number and literal it passes is checked as JSON
/// defines it. The benchmark's change records parse in about 70 % of the general path's time.
/// </summary>
internal static class PlainRecordReader
{
    /// <summary>Adds the payload's records to <paramref name="output"/>; false (and nothing added) when the general reader must read it.</summary>
    public static bool TryRead(ReadOnlySpan<byte> json, List<ChangeRecord> output, Utf8StringCache strings)
    {
        int before = output.Count;
        bool read;
        int i = 0;
        try
        {
            read = At(json, 0) == '['
                ? TryReadRecordArray(json, ref i, output, strings)
                : TryReadTopObject(json, ref i, output, strings);
        }
        catch (DecoderFallbackException)
        {
            read = false; // a string that is not UTF-8: the general reader names it
        }
        catch (InvalidOperationException)
        {
            read = false; // an escaped string that does not unescape (a lone surrogate): likewise
        }

        if (read && Whitespace(json, i) == json.Length)
        {
            return true;
        }

        output.RemoveRange(before, output.Count - before);
        return false;
    }

    private static bool TryReadTopObject(ReadOnlySpan<byte> json, ref int i, List<ChangeRecord> output, Utf8StringCache strings)
    {
        var fields = new RecordFields();
        var envelope = default(EnvelopeFields);
        int before = output.Count;
        if (!TryReadRecordObject(json, ref i, ref fields, ref envelope, allowPage: true, output, strings))
        {
            return false;
        }

        if (envelope.IsPage)
        {
            if (envelope.HasEnrichment)
            {
                for (int r = before; r < output.Count; r++)
                {
                    output[r] = envelope.Enrich(output[r]);
                }
            }

            return true;
        }

        if (!fields.HasData || fields.Build(envelope, out ChangeRecord? record) is not null)
        {
            return false;
        }

        output.Add(record!);
        return true;
    }

    private static bool TryReadRecordArray(ReadOnlySpan<byte> json, ref int i, List<ChangeRecord> output, Utf8StringCache strings)
    {
        if (EnterArray(json, ref i))
        {
            return true;
        }

        while (true)
        {
            if (At(json, i) != '{')
            {
                return false;
            }

            var fields = new RecordFields();
            var unused = default(EnvelopeFields);
            if (!TryReadRecordObject(json, ref i, ref fields, ref unused, allowPage: false, output, strings)
                || fields.Build(default, out ChangeRecord? record) is not null)
            {
                return false;
            }

            output.Add(record!);
            if (!NextItem(json, ref i, (byte)']', out bool end))
            {
                return false;
            }

            if (end)
            {
                return true;
            }
        }
    }

    /// <summary>The members of a record (or of a page or envelope when <paramref name="allowPage"/>), as <see cref="RecordObjectReader.ReadRecordObject"/> takes them.</summary>
    private static bool TryReadRecordObject(
        ReadOnlySpan<byte> json, ref int i, ref RecordFields fields, ref EnvelopeFields envelope, bool allowPage, List<ChangeRecord> output, Utf8StringCache strings)
    {
        Member expected = Member.CommitTimestamp;
        bool empty = EnterObject(json, ref i);
        while (!empty)
        {
            if (!Name(json, ref i, ref expected, out Member member))
            {
                return false;
            }

            bool read = member switch
            {
                Member.Data => TryReadData(json, ref i, ref fields, strings),
                Member.EventId => TryReadEventId(json, ref i, ref fields),
                Member.Op => TryReadToken(json, ref i, strings, out fields.Op),
                Member.CommitTimestamp => TryReadInt64(json, ref i, out fields.CommitTimestamp),
                Member.IsLastOp => TryReadFlag(json, ref i, out fields.IsLastOp),
                Member.Records when allowPage => TryReadPageRecords(json, ref i, ref envelope, output, strings),
                Member.Labels when allowPage => TryReadStringList(json, ref i, out envelope.Labels),
                Member.From when allowPage => TryReadToken(json, ref i, strings, out envelope.From),
                Member.To when allowPage => TryReadToken(json, ref i, strings, out envelope.To),
                Member.LabelsUnknown when allowPage => TryReadFlag(json, ref i, out envelope.LabelsUnknown),
                Member.Snapshot when allowPage => TryReadFlag(json, ref i, out envelope.IsSnapshot),
                _ => TrySkipValue(json, ref i),
            };
            if (!read || !NextItem(json, ref i, (byte)'}', out empty))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A page's or envelope's <c>records</c>.</summary>
    private static bool TryReadPageRecords(ReadOnlySpan<byte> json, ref int i, ref EnvelopeFields envelope, List<ChangeRecord> output, Utf8StringCache strings)
    {
        envelope.IsPage = true;
        return At(json, i) == '[' && TryReadRecordArray(json, ref i, output, strings);
    }

    /// <summary>The members of <c>data</c>, as <see cref="RecordObjectReader.ReadData"/> takes them (a simplified form's <c>properties</c> goes to the general reader).</summary>
    private static bool TryReadData(ReadOnlySpan<byte> json, ref int i, ref RecordFields fields, Utf8StringCache strings)
    {
        if (At(json, i) != '{')
        {
            return false;
        }

        fields.HasData = true;
        Member expected = Member.Id;
        bool empty = EnterObject(json, ref i);
        while (!empty)
        {
            if (!Name(json, ref i, ref expected, out Member member))
            {
                return false;
            }

            bool read = member switch
            {
                Member.Id => TryReadToken(json, ref i, strings, out fields.Id),
                Member.Type => TryReadToken(json, ref i, strings, out fields.Type),
                Member.Key => TryReadToken(json, ref i, strings, out fields.Key),
                Member.Value => TryReadTypedValue(json, ref i, strings, out fields.Value),
                Member.From => TryReadToken(json, ref i, strings, out fields.From),
                Member.To => TryReadToken(json, ref i, strings, out fields.To),
                Member.Stmt => TryReadText(json, ref i, out fields.Stmt),
                Member.Label or Member.Labels => TryReadStringList(json, ref i, out fields.Labels),
                Member.StmtType => TryReadToken(json, ref i, strings, out fields.StmtType),
                Member.S => TryReadText(json, ref i, out fields.S),
                Member.P => TryReadText(json, ref i, out fields.P),
                Member.O => TryReadText(json, ref i, out fields.O),
                Member.Properties => false,
                _ => TrySkipValue(json, ref i),
            };
            if (!read || !NextItem(json, ref i, (byte)'}', out empty))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>{"commitNum":…,"opNum":…}</c> with integer numbers (a string id or other members go to the general reader).</summary>
    private static bool TryReadEventId(ReadOnlySpan<byte> json, ref int i, ref RecordFields fields)
    {
        if (At(json, i) != '{')
        {
            return false;
        }

        bool empty = EnterObject(json, ref i);
        long? commit = null, op = null;
        while (!empty)
        {
            bool isCommit;
            if (ExpectedName(json, ref i, commit is null ? "\"commitNum\":"u8 : "\"opNum\":"u8))
            {
                isCommit = commit is null;
            }
            else if (RawName(json, ref i, out ReadOnlySpan<byte> name) && (name.SequenceEqual("commitNum"u8) || name.SequenceEqual("opNum"u8)))
            {
                isCommit = name.SequenceEqual("commitNum"u8);
            }
            else
            {
                return false;
            }

            long value;
            if (isCommit)
            {
                if (!TryReadWholeInt64(json, ref i, out value))
                {
                    return false;
                }

                commit = value;
            }
            else
            {
                if (!TryReadWholeInt64(json, ref i, out value))
                {
                    return false;
                }

                op = value;
            }

            if (!NextItem(json, ref i, (byte)'}', out empty))
            {
                return false;
            }
        }

        if (commit is null || op is null)
        {
            return false;
        }

        fields.EventId = new NeptuneEventId(commit.Value, op.Value);
        return true;
    }

    /// <summary>As <see cref="JsonValueReader.ReadTypedValue"/>: <c>{"value":…,"dataType":…}</c>, or a bare scalar.</summary>
    private static bool TryReadTypedValue(ReadOnlySpan<byte> json, ref int i, Utf8StringCache strings, out PropertyValue value)
    {
        value = default;
        if (At(json, i) != '{')
        {
            return TryReadScalar(json, ref i, out value);
        }

        bool empty = EnterObject(json, ref i);
        string? dataType = null;
        bool sawValue = false;
        PropertyValue raw = default;
        while (!empty)
        {
            // Neptune writes the value, then its data type.
            Member member;
            if (ExpectedName(json, ref i, sawValue ? "\"dataType\":"u8 : "\"value\":"u8))
            {
                member = sawValue ? Member.DataType : Member.Value;
            }
            else if (RawName(json, ref i, out ReadOnlySpan<byte> name))
            {
                member = name.SequenceEqual("value"u8) ? Member.Value : name.SequenceEqual("dataType"u8) ? Member.DataType : Member.Other;
            }
            else
            {
                return false;
            }

            bool read;
            if (member == Member.Value)
            {
                read = TryReadScalar(json, ref i, out raw);
                sawValue |= read;
            }
            else
            {
                read = member == Member.DataType ? TryReadToken(json, ref i, strings, out dataType) : TrySkipValue(json, ref i);
            }

            if (!read || !NextItem(json, ref i, (byte)'}', out empty))
            {
                return false;
            }
        }

        value = sawValue ? new PropertyValue(raw.Text, raw.Kind, dataType) : new PropertyValue(null, PropertyValueKind.None, dataType);
        return true;
    }

    /// <summary>As <see cref="JsonValueReader.ReadScalar"/> with no data type; an object or array goes to the general reader.</summary>
    private static bool TryReadScalar(ReadOnlySpan<byte> json, ref int i, out PropertyValue value)
    {
        value = default;
        switch (At(json, i))
        {
            case (byte)'"':
                if (!TryReadString(json, ref i, out string? text))
                {
                    return false;
                }

                value = new PropertyValue(text, PropertyValueKind.String, null);
                return true;
            case (byte)'t':
                value = new PropertyValue("true", PropertyValueKind.Boolean, null);
                return Literal(json, ref i, "true"u8);
            case (byte)'f':
                value = new PropertyValue("false", PropertyValueKind.Boolean, null);
                return Literal(json, ref i, "false"u8);
            case (byte)'n':
                value = new PropertyValue(null, PropertyValueKind.None, null);
                return Literal(json, ref i, "null"u8);
            default:
                int end = NumberEnd(json, i);
                if (end < 0)
                {
                    return false;
                }

                value = new PropertyValue(Encoding.UTF8.GetString(json[i..end]), PropertyValueKind.Number, null);
                i = end;
                return true;
        }
    }

    /// <summary>As <see cref="JsonValueReader.ReadToken"/>: a string or number through the string cache, null for JSON null.</summary>
    private static bool TryReadToken(ReadOnlySpan<byte> json, ref int i, Utf8StringCache strings, out string? token)
    {
        token = null;
        switch (At(json, i))
        {
            case (byte)'"':
                int end = StringEnd(json, i + 1, out bool escaped);
                if (end < 0)
                {
                    return false;
                }

                token = escaped ? Unescaped(json, i, end) : strings.Get(json[(i + 1)..end]);
                i = end + 1;
                return true;
            case (byte)'n':
                return Literal(json, ref i, "null"u8);
            case (byte)'t' or (byte)'f' or (byte)'{' or (byte)'[':
                return false;
            default:
                int numberEnd = NumberEnd(json, i);
                if (numberEnd < 0)
                {
                    return false;
                }

                token = strings.Get(json[i..numberEnd]);
                i = numberEnd;
                return true;
        }
    }

    /// <summary>As <see cref="JsonValueReader.ReadString"/>: a string's text, a number's, or null for JSON null.</summary>
    private static bool TryReadText(ReadOnlySpan<byte> json, ref int i, out string? text)
    {
        text = null;
        switch (At(json, i))
        {
            case (byte)'"':
                return TryReadString(json, ref i, out text);
            case (byte)'n':
                return Literal(json, ref i, "null"u8);
            case (byte)'t' or (byte)'f' or (byte)'{' or (byte)'[':
                return false;
            default:
                int end = NumberEnd(json, i);
                if (end < 0)
                {
                    return false;
                }

                text = Encoding.UTF8.GetString(json[i..end]);
                i = end;
                return true;
        }
    }

    /// <summary>As <see cref="JsonValueReader.ReadStringList"/> for a string, an array of strings, or null.</summary>
    private static bool TryReadStringList(ReadOnlySpan<byte> json, ref int i, out List<string>? list)
    {
        list = null;
        switch (At(json, i))
        {
            case (byte)'"':
                if (!TryReadString(json, ref i, out string? single))
                {
                    return false;
                }

                list = [single!];
                return true;
            case (byte)'n':
                return Literal(json, ref i, "null"u8);
            case (byte)'[':
                list = [];
                if (EnterArray(json, ref i))
                {
                    return true;
                }

                while (true)
                {
                    if (At(json, i) != '"' || !TryReadString(json, ref i, out string? item))
                    {
                        return false;
                    }

                    list.Add(item!);
                    if (!NextItem(json, ref i, (byte)']', out bool end))
                    {
                        return false;
                    }

                    if (end)
                    {
                        return true;
                    }
                }

            default:
                return false;
        }
    }

    /// <summary>As <see cref="JsonValueReader.ReadInt64"/> for a number or null (a number that is not an integer is null too).</summary>
    private static bool TryReadInt64(ReadOnlySpan<byte> json, ref int i, out long? value)
    {
        value = null;
        if (At(json, i) == 'n')
        {
            return Literal(json, ref i, "null"u8);
        }

        int end = NumberEnd(json, i);
        if (end < 0)
        {
            return false;
        }

        if (Utf8Parser.TryParse(json[i..end], out long parsed, out int consumed) && consumed == end - i)
        {
            value = parsed;
        }

        i = end;
        return true;
    }

    /// <summary>A number that is an integer in range: what an event id's parts must be for the plain path.</summary>
    private static bool TryReadWholeInt64(ReadOnlySpan<byte> json, ref int i, out long value)
    {
        value = 0;
        int end = NumberEnd(json, i);
        if (end < 0 || !Utf8Parser.TryParse(json[i..end], out value, out int consumed) || consumed != end - i)
        {
            return false;
        }

        i = end;
        return true;
    }

    /// <summary>As the general reader's <c>TokenType == True</c> for a literal; other values go to the general reader.</summary>
    private static bool TryReadFlag(ReadOnlySpan<byte> json, ref int i, out bool flag)
    {
        flag = At(json, i) == 't';
        return flag ? Literal(json, ref i, "true"u8) : Literal(json, ref i, "false"u8);
    }

    private static bool TryReadString(ReadOnlySpan<byte> json, ref int i, out string? text)
    {
        text = null;
        int end = StringEnd(json, i + 1, out bool escaped);
        if (end < 0)
        {
            return false;
        }

        text = escaped ? Unescaped(json, i, end) : Utf8StringCache.StrictUtf8.GetString(json[(i + 1)..end]);
        i = end + 1;
        return true;
    }

    /// <summary>
    /// The member a name that is not escaped names, and its colon; <paramref name="i"/> ends on the value. Neptune writes
    /// a record's members in one order, so the name <paramref name="expected"/> after the one before is tried first, as
    /// written; then <paramref name="expected"/> becomes the one after this.
    /// </summary>
    private static bool Name(ReadOnlySpan<byte> json, ref int i, ref Member expected, out Member member)
    {
        bool read = RawName(json, ref i, QuotedNames[(int)expected], out bool isExpected, out ReadOnlySpan<byte> name);
        member = !read ? Member.Other : isExpected ? expected : RecordObjectReader.MemberNamed(name);
        expected = member switch
        {
            Member.CommitTimestamp => Member.EventId,
            Member.EventId => Member.Data,
            Member.Data => Member.Op,
            Member.Op => Member.IsLastOp,
            Member.Id => Member.Type,
            Member.Type => Member.Key,
            Member.Key => Member.Value,
            Member.Value => Member.From,
            Member.From => Member.To,
            _ => Member.Other,
        };
        return read;
    }

    // Indexed by the member (the enum counts from 0): a look-up where the switch below is a call per name.
    private static readonly byte[][] QuotedNames = [.. Enum.GetValues<Member>().Select(n => Quoted(n).ToArray())];

    /// <summary>The name as Neptune writes it, with its quotes and colon (empty for <see cref="Member.Other"/>: none expected).</summary>
    private static ReadOnlySpan<byte> Quoted(Member member) => member switch
    {
        Member.CommitTimestamp => "\"commitTimestamp\":"u8,
        Member.EventId => "\"eventId\":"u8,
        Member.Data => "\"data\":"u8,
        Member.Op => "\"op\":"u8,
        Member.IsLastOp => "\"isLastOp\":"u8,
        Member.Id => "\"id\":"u8,
        Member.Type => "\"type\":"u8,
        Member.Key => "\"key\":"u8,
        Member.Value => "\"value\":"u8,
        Member.From => "\"from\":"u8,
        Member.To => "\"to\":"u8,
        _ => [],
    };
}
