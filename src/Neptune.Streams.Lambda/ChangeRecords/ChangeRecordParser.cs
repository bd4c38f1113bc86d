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
    public static string? Parse(ReadOnlySpan<byte> payload, List<ChangeRecord> output) => Parse(payload, output, plainFirst: true);

    /// <summary>
    /// <see cref="Parse(ReadOnlySpan{byte}, List{ChangeRecord})"/>, trying <see cref="PlainRecordReader"/> first or
    /// reading with <see cref="Utf8JsonReader"/> only (which tests compare the plain reader with).
    /// </summary>
    internal static string? Parse(ReadOnlySpan<byte> payload, List<ChangeRecord> output, bool plainFirst)
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

        Utf8StringCache strings = Utf8StringCache.Current;
        if (plainFirst && PlainRecordReader.TryRead(payload[start..], output, strings))
        {
            return null;
        }

        int before = output.Count;
        string? error;
        try
        {
            var reader = new Utf8JsonReader(payload[start..], ReaderOptions);
            reader.Read();
            error = reader.TokenType == JsonTokenType.StartArray
                ? ReadRecordArray(ref reader, output, strings)
                : ReadTopObject(ref reader, output, strings);
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

    public static string? ReadRecordArray(ref Utf8JsonReader reader, List<ChangeRecord> output, Utf8StringCache strings)
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
            string? error = RecordObjectReader.ReadRecordObject(ref reader, ref fields, allowPage: false, output, strings, out _)
                ?? fields.Build(default, out record);
            if (error is not null)
            {
                return $"record {index}{fields.Describe()}: {error}";
            }

            output.Add(record!);
            index++;
        }

        return null;
    }

    private static string? ReadTopObject(ref Utf8JsonReader reader, List<ChangeRecord> output, Utf8StringCache strings)
    {
        var fields = new RecordFields();
        int before = output.Count;
        string? error = RecordObjectReader.ReadRecordObject(ref reader, ref fields, allowPage: true, output, strings, out var envelope);
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
}
