using System.Text.Json;
using System.Text.Json.Serialization;

namespace Neptune.Streams.Lambda.Kinesis;

/// <summary>
/// Reads a tumbling window's <c>state</c> as Lambda sends it: values are whatever the previous invocation returned,
/// numbers as often as strings (<c>{"1": 282}</c>). Strings are kept as they are, any other value as its JSON text,
/// as <c>Amazon.Lambda.KinesisEvents</c>' own converter does for numbers.
/// </summary>
internal sealed class WindowStateJsonConverter : JsonConverter<IDictionary<string, string>>
{
    public override IDictionary<string, string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A tumbling window's \"state\" is a JSON object.");
        }

        var state = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string key = reader.GetString()!;
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    state[key] = reader.GetString()!;
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    using (var document = JsonDocument.ParseValue(ref reader))
                    {
                        state[key] = document.RootElement.GetRawText();
                    }

                    break;
                default:
                    state[key] = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                    break;
            }
        }

        return state;
    }

    public override void Write(Utf8JsonWriter writer, IDictionary<string, string> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (key, text) in value)
        {
            writer.WriteString(key, text);
        }

        writer.WriteEndObject();
    }
}
