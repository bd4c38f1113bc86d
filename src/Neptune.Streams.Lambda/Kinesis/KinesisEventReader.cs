using System.Text.Json;

namespace Neptune.Streams.Lambda.Kinesis;

/// <summary>Reads a Lambda Kinesis event from the payload bytes, with an error naming what arrived when it is not one.</summary>
internal static class KinesisEventReader
{
    /// <summary>Reads and checks the event.</summary>
    /// <exception cref="InvalidDataException">The payload is not a Lambda Kinesis event.</exception>
    public static KinesisEvent Read(ReadOnlySpan<byte> payload)
    {
        KinesisEvent kinesisEvent;
        try
        {
            kinesisEvent = JsonSerializer.Deserialize(payload, LambdaEventJsonContext.Default.KinesisEvent)
                ?? throw new InvalidDataException("The invocation payload is JSON null, not a Lambda Kinesis event.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException(
                $"The invocation payload is not a Lambda Kinesis event (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}, path {ex.Path ?? "$"}).", ex);
        }

        KinesisEventValidator.Validate(kinesisEvent, fromWire: true, kinesisEvent.RecordsWereSet ? null : TopLevelNames(payload));
        return kinesisEvent;
    }

    // The payload was valid JSON a moment ago: this second look only collects what to name in the error.
    private static List<string> TopLevelNames(ReadOnlySpan<byte> payload)
    {
        var names = new List<string>();
        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return names;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName && names.Count < 10)
        {
            names.Add(reader.GetString()!);
            reader.Read();
            reader.Skip();
        }

        return names;
    }
}
