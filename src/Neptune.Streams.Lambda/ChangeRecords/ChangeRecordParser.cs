using System.Text;
using System.Text.Json;
using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.ChangeRecords;

/// <summary>
/// Reads Neptune change records from one payload in one <see cref="Utf8JsonReader"/> pass, detecting the format per
/// payload: a PG_JSON / GREMLIN_JSON record, an array of them (also <c>neptune-export</c>'s), a whole stream-API page,
/// the pump's envelope, NQUADS records, and the seed tutorial's simplified vertex/edge and SPARQL forms.
/// </summary>
internal static class ChangeRecordParser
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 16 };

    /// <summary>Adds the payload's records to <paramref name="output"/>; returns null or why the payload is poison.</summary>
    public static string? Parse(ReadOnlySpan<byte> payload, List<ChangeRecord> output)
    {
        int start = 0;
        if (payload.StartsWith("\uFEFF"u8))
        {
            start = 3;
        }

        while (start < payload.Length && payload[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        if (start == payload.Length)
        {
            return "payload is empty";
        }

        if (payload[start] is not ((byte)'{' or (byte)'['))
        {
            return "payload is neither JSON nor a known binary format (gzip, KPL aggregate)";
        }

        int before = output.Count;
        string? error;
        try
        {
            var reader = new Utf8JsonReader(payload[start..], ReaderOptions);
            reader.Read();
            error = reader.TokenType == JsonTokenType.StartArray
                ? ReadRecordArray(ref reader, output)
                : ReadTopObject(ref reader, output);
            if (error is null && reader.Read())
            {
                error = "payload has more data after its JSON value";
            }
        }
        catch (JsonException ex)
        {
            error = $"payload is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})";
        }
        catch (DecoderFallbackException)
        {
            error = "payload is not valid UTF-8";
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader throws this when a string cannot be transcoded (invalid UTF-8) or a token has the wrong type.
            error = "payload is not valid UTF-8 JSON of the expected shape";
        }

        if (error is not null)
        {
            output.RemoveRange(before, output.Count - before);
        }

        return error;
    }

    private static string? ReadRecordArray(ref Utf8JsonReader reader, List<ChangeRecord> output, EnvelopeFields envelope = default)
    {
        int index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return $"record {index} is not a JSON object";
            }

            var fields = new RecordFields();
            ChangeRecord? record = null;
            string? error = ReadRecordObject(ref reader, ref fields, allowPage: false, output, out _)
                ?? fields.Build(envelope, out record);
            if (error is not null)
            {
                return $"record {index}{fields.Describe()}: {error}";
            }

            output.Add(record!);
            index++;
        }

        return null;
    }

    private static string? ReadTopObject(ref Utf8JsonReader reader, List<ChangeRecord> output)
    {
        var fields = new RecordFields();
        int before = output.Count;
        string? error = ReadRecordObject(ref reader, ref fields, allowPage: true, output, out var envelope);
        if (error is not null)
        {
            return fields.HasData ? $"record{fields.Describe()}: {error}" : error;
        }

        if (envelope.IsPage)
        {
            if (envelope.HasEnrichment)
            {
                for (int i = before; i < output.Count; i++)
                {
                    output[i] = envelope.Enrich(output[i]);
                }
            }

            return null;
        }

        if (!fields.HasData)
        {
            return "JSON object is neither a Neptune change record (no \"data\") nor a stream page (no \"records\")";
        }

        error = fields.Build(envelope, out var record);
        if (error is not null)
        {
            return $"record{fields.Describe()}: {error}";
        }

        output.Add(record!);
        return null;
    }

    private static string? ReadRecordObject(
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
                fields.Op = ReadToken(ref reader);
            }
            else if (reader.ValueTextEquals("commitTimestamp"u8))
            {
                reader.Read();
                fields.CommitTimestamp = ReadInt64(ref reader);
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
                string? error = ReadRecordArray(ref reader, output);
                if (error is not null)
                {
                    return error;
                }
            }
            else if (allowPage && reader.ValueTextEquals("labels"u8))
            {
                reader.Read();
                envelope.Labels = ReadStringList(ref reader);
            }
            else if (allowPage && reader.ValueTextEquals("from"u8))
            {
                reader.Read();
                envelope.From = ReadToken(ref reader);
            }
            else if (allowPage && reader.ValueTextEquals("to"u8))
            {
                reader.Read();
                envelope.To = ReadToken(ref reader);
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

    private static string? ReadData(ref Utf8JsonReader reader, ref RecordFields fields)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                fields.Id = ReadToken(ref reader);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                fields.Type = ReadToken(ref reader);
            }
            else if (reader.ValueTextEquals("key"u8))
            {
                reader.Read();
                fields.Key = ReadToken(ref reader);
            }
            else if (reader.ValueTextEquals("value"u8))
            {
                reader.Read();
                string? error = ReadTypedValue(ref reader, out var value);
                if (error is not null)
                {
                    return error;
                }

                fields.Value = value;
            }
            else if (reader.ValueTextEquals("from"u8))
            {
                reader.Read();
                fields.From = ReadToken(ref reader);
            }
            else if (reader.ValueTextEquals("to"u8))
            {
                reader.Read();
                fields.To = ReadToken(ref reader);
            }
            else if (reader.ValueTextEquals("stmt"u8))
            {
                reader.Read();
                fields.Stmt = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("label"u8) || reader.ValueTextEquals("labels"u8))
            {
                reader.Read();
                fields.Labels = ReadStringList(ref reader);
            }
            else if (reader.ValueTextEquals("properties"u8))
            {
                reader.Read();
                string? error = ReadSimplifiedProperties(ref reader, out var properties);
                if (error is not null)
                {
                    return error;
                }

                fields.Properties = properties;
            }
            else if (reader.ValueTextEquals("stmtType"u8))
            {
                reader.Read();
                fields.StmtType = ReadToken(ref reader);
            }
            else if (reader.ValueTextEquals("s"u8))
            {
                reader.Read();
                fields.S = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("p"u8))
            {
                reader.Read();
                fields.P = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("o"u8))
            {
                reader.Read();
                fields.O = ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return null;
    }

    private static string? ReadEventId(ref Utf8JsonReader reader, out NeptuneEventId eventId)
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
                commit = ReadInt64(ref reader);
            }
            else if (isOp)
            {
                op = ReadInt64(ref reader);
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

    private static string? ReadTypedValue(ref Utf8JsonReader reader, out PropertyValue value)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            // Tolerate a bare scalar where Neptune writes {value, dataType}.
            return ReadScalar(ref reader, null, out value);
        }

        value = default;
        string? dataType = null;
        bool sawValue = false;
        PropertyValue raw = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("value"u8))
            {
                reader.Read();
                string? error = ReadScalar(ref reader, null, out raw);
                if (error is not null)
                {
                    return error;
                }

                sawValue = true;
            }
            else if (reader.ValueTextEquals("dataType"u8))
            {
                reader.Read();
                dataType = ReadToken(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        value = sawValue ? new PropertyValue(raw.Text, raw.Kind, dataType) : new PropertyValue(null, PropertyValueKind.None, dataType);
        return null;
    }

    private static string? ReadScalar(ref Utf8JsonReader reader, string? dataType, out PropertyValue value)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                value = new PropertyValue(reader.GetString(), PropertyValueKind.String, dataType);
                return null;
            case JsonTokenType.Number:
                value = new PropertyValue(Encoding.UTF8.GetString(reader.ValueSpan), PropertyValueKind.Number, dataType);
                return null;
            case JsonTokenType.True:
                value = new PropertyValue("true", PropertyValueKind.Boolean, dataType);
                return null;
            case JsonTokenType.False:
                value = new PropertyValue("false", PropertyValueKind.Boolean, dataType);
                return null;
            case JsonTokenType.Null:
                value = new PropertyValue(null, PropertyValueKind.None, dataType);
                return null;
            default:
                value = default;
                return "a property value is an object or array, not a string, number or boolean";
        }
    }

    private static string? ReadSimplifiedProperties(ref Utf8JsonReader reader, out List<KeyValuePair<string, PropertyValue>>? properties)
    {
        properties = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return "\"properties\" is not an object";
        }

        properties = [];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                // {"name": "Tom"} or {"name": {"value": "Tom"}}
                string? error = ReadSimplifiedValue(ref reader, out var single);
                if (error is not null)
                {
                    return error;
                }

                properties.Add(new(name, single));
                continue;
            }

            // {"name": [{"value": "Tom"}, …]}: the tutorial's form; set cardinality allows several values.
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                string? error = ReadSimplifiedValue(ref reader, out var item);
                if (error is not null)
                {
                    return error;
                }

                properties.Add(new(name, item));
            }
        }

        return null;
    }

    private static string? ReadSimplifiedValue(ref Utf8JsonReader reader, out PropertyValue value) =>
        reader.TokenType == JsonTokenType.StartObject ? ReadTypedValue(ref reader, out value) : ReadScalar(ref reader, null, out value);

    private static string? ReadString(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.Null => null,
        _ => SkipAndReturnNull(ref reader),
    };

    /// <summary>Like <see cref="ReadString"/>, for the short tokens a batch repeats: shared instances, no garbage.</summary>
    private static string? ReadToken(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => Utf8StringCache.Current.GetString(ref reader),
        JsonTokenType.Number => Utf8StringCache.Current.Get(reader.ValueSpan),
        JsonTokenType.Null => null,
        _ => SkipAndReturnNull(ref reader),
    };

    private static string? SkipAndReturnNull(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    private static long? ReadInt64(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long value))
        {
            return value;
        }

        if (reader.TokenType == JsonTokenType.String && long.TryParse(reader.GetString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out value))
        {
            return value;
        }

        reader.Skip();
        return null;
    }

    private static List<string>? ReadStringList(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return [reader.GetString()!];
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                list.Add(reader.GetString()!);
            }
            else
            {
                reader.Skip();
            }
        }

        return list;
    }
}
