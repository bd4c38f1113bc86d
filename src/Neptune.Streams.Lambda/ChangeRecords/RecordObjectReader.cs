using System.Text.Json;
using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.ChangeRecords;

/// <summary>Reads the fields of one change record object (and a page's or envelope's top-level fields), in any order.</summary>
internal static class RecordObjectReader
{
    public static string? ReadRecordObject(
        ref Utf8JsonReader reader, ref RecordFields fields, bool allowPage, List<ChangeRecord> output, out EnvelopeFields envelope)
    {
        envelope = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return "\"data\" is not an object";
                }

                fields.HasData = true;
                string? error = ReadData(ref reader, ref fields);
                if (error is not null)
                {
                    return error;
                }
            }
            else if (reader.ValueTextEquals("eventId"u8))
            {
                reader.Read();
                string? error = ReadEventId(ref reader, out var eventId);
                if (error is not null)
                {
                    return error;
                }

                fields.EventId = eventId;
            }
            else if (reader.ValueTextEquals("op"u8))
            {
                reader.Read();
                fields.Op = JsonValueReader.ReadToken(ref reader);
            }
            else if (reader.ValueTextEquals("commitTimestamp"u8))
            {
                reader.Read();
                fields.CommitTimestamp = JsonValueReader.ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("isLastOp"u8))
            {
                reader.Read();
                fields.IsLastOp = reader.TokenType == JsonTokenType.True;
            }
            else if (allowPage && reader.ValueTextEquals("records"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    return "\"records\" is not an array";
                }

                envelope.IsPage = true;
                string? error = ChangeRecordParser.ReadRecordArray(ref reader, output);
                if (error is not null)
                {
                    return error;
                }
            }
            else if (allowPage && reader.ValueTextEquals("labels"u8))
            {
                reader.Read();
                envelope.Labels = JsonValueReader.ReadStringList(ref reader);
            }
            else if (allowPage && reader.ValueTextEquals("from"u8))
            {
                reader.Read();
                envelope.From = JsonValueReader.ReadToken(ref reader);
            }
            else if (allowPage && reader.ValueTextEquals("to"u8))
            {
                reader.Read();
                envelope.To = JsonValueReader.ReadToken(ref reader);
            }
            else if (allowPage && reader.ValueTextEquals("snapshot"u8))
            {
                reader.Read();
                envelope.IsSnapshot = reader.TokenType == JsonTokenType.True;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return null;
    }

    public static string? ReadData(ref Utf8JsonReader reader, ref RecordFields fields)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                fields.Id = JsonValueReader.ReadToken(ref reader);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                fields.Type = JsonValueReader.ReadToken(ref reader);
            }
            else if (reader.ValueTextEquals("key"u8))
            {
                reader.Read();
                fields.Key = JsonValueReader.ReadToken(ref reader);
            }
            else if (reader.ValueTextEquals("value"u8))
            {
                reader.Read();
                string? error = JsonValueReader.ReadTypedValue(ref reader, out var value);
                if (error is not null)
                {
                    return error;
                }

                fields.Value = value;
            }
            else if (reader.ValueTextEquals("from"u8))
            {
                reader.Read();
                fields.From = JsonValueReader.ReadToken(ref reader);
            }
            else if (reader.ValueTextEquals("to"u8))
            {
                reader.Read();
                fields.To = JsonValueReader.ReadToken(ref reader);
            }
            else if (reader.ValueTextEquals("stmt"u8))
            {
                reader.Read();
                fields.Stmt = JsonValueReader.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("label"u8) || reader.ValueTextEquals("labels"u8))
            {
                reader.Read();
                fields.Labels = JsonValueReader.ReadStringList(ref reader);
            }
            else if (reader.ValueTextEquals("properties"u8))
            {
                reader.Read();
                string? error = JsonValueReader.ReadSimplifiedProperties(ref reader, out var properties);
                if (error is not null)
                {
                    return error;
                }

                fields.Properties = properties;
            }
            else if (reader.ValueTextEquals("stmtType"u8))
            {
                reader.Read();
                fields.StmtType = JsonValueReader.ReadToken(ref reader);
            }
            else if (reader.ValueTextEquals("s"u8))
            {
                reader.Read();
                fields.S = JsonValueReader.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("p"u8))
            {
                reader.Read();
                fields.P = JsonValueReader.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("o"u8))
            {
                reader.Read();
                fields.O = JsonValueReader.ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
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
            bool isOp = reader.ValueTextEquals("opNum"u8);
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
}
