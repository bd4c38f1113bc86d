using System.Text;
using System.Text.Json;
using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.ChangeRecords;

/// <summary>Reads the values inside a change record: typed property values, scalars, tokens, numbers and label lists.</summary>
internal static class JsonValueReader
{
    public static string? ReadTypedValue(ref Utf8JsonReader reader, Utf8StringCache strings, out PropertyValue value)
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
                dataType = ReadToken(ref reader, strings);
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

    public static string? ReadScalar(ref Utf8JsonReader reader, string? dataType, out PropertyValue value)
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

    public static string? ReadSimplifiedProperties(ref Utf8JsonReader reader, Utf8StringCache strings, out List<KeyValuePair<string, PropertyValue>>? properties)
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
                string? error = ReadSimplifiedValue(ref reader, strings, out var single);
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
                string? error = ReadSimplifiedValue(ref reader, strings, out var item);
                if (error is not null)
                {
                    return error;
                }

                properties.Add(new(name, item));
            }
        }

        return null;
    }

    public static string? ReadSimplifiedValue(ref Utf8JsonReader reader, Utf8StringCache strings, out PropertyValue value) =>
        reader.TokenType == JsonTokenType.StartObject ? ReadTypedValue(ref reader, strings, out value) : ReadScalar(ref reader, null, out value);

    public static string? ReadString(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.Null => null,
        _ => SkipAndReturnNull(ref reader),
    };

    /// <summary>Like <see cref="ReadString"/>, for the short tokens a batch repeats: shared instances, no garbage.</summary>
    public static string? ReadToken(ref Utf8JsonReader reader, Utf8StringCache strings) => reader.TokenType switch
    {
        JsonTokenType.String => strings.GetString(ref reader),
        JsonTokenType.Number => strings.Get(reader.ValueSpan),
        JsonTokenType.Null => null,
        _ => SkipAndReturnNull(ref reader),
    };

    public static string? SkipAndReturnNull(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    public static long? ReadInt64(ref Utf8JsonReader reader)
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

    public static List<string>? ReadStringList(ref Utf8JsonReader reader)
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
