using System.Text.Json;

namespace Neptune.Streams.Local.NeptuneEndpoint;

/// <summary>Writes a stream-API page and error bodies exactly in Neptune's JSON shape.</summary>
internal static class StreamPageWriter
{
    /// <summary>Neptune caps a response at 10 MB, the record that crosses the cap included, whatever the limit.</summary>
    public const int MaxResponseBytes = 10 * 1024 * 1024;

    /// <summary>The page, written into pooled buffers; the caller disposes the writer once the page is sent.</summary>
    public static PooledBufferWriter WritePage(StreamReadResult result, string format)
    {
        using var records = new PooledBufferWriter();
        int count = 0;
        using (var writer = new Utf8JsonWriter(records))
        {
            writer.WriteStartArray();
            foreach (ChangeLogEntry entry in result.Entries)
            {
                WriteRecord(writer, entry);
                count++;
                if (writer.BytesCommitted + writer.BytesPending > MaxResponseBytes)
                {
                    break;
                }
            }

            writer.WriteEndArray();
        }

        ChangeLogEntry last = result.Entries[count - 1];
        var page = new PooledBufferWriter(records.WrittenCount + 256);
        using (var writer = new Utf8JsonWriter(page))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("lastEventId");
            writer.WriteNumber("commitNum", last.CommitNum);
            writer.WriteNumber("opNum", last.OpNum);
            writer.WriteEndObject();
            writer.WriteNumber("lastTrxTimestamp", last.CommitTimestamp);
            writer.WriteString("format", format);
            writer.WritePropertyName("records");
            writer.WriteRawValue(records.WrittenMemory.Span, skipInputValidation: true);
            writer.WriteNumber("totalRecords", count);
            writer.WriteEndObject();
        }

        return page;
    }

    public static byte[] WriteError(StreamError error, string requestId)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("detailedMessage", error.Message);
            writer.WriteString("requestId", requestId);
            writer.WriteString("code", error.Code);
            writer.WriteString("message", error.Message);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteRecord(Utf8JsonWriter writer, ChangeLogEntry entry)
    {
        writer.WriteStartObject();
        writer.WriteNumber("commitTimestamp", entry.CommitTimestamp);
        writer.WriteStartObject("eventId");
        writer.WriteNumber("commitNum", entry.CommitNum);
        writer.WriteNumber("opNum", entry.OpNum);
        writer.WriteEndObject();
        writer.WriteStartObject("data");
        if (entry.IsRdf)
        {
            writer.WriteString("stmt", entry.Statement);
        }
        else
        {
            writer.WriteString("id", entry.Id);
            writer.WriteString("type", entry.Type);
            writer.WriteString("key", entry.Key);
            writer.WriteStartObject("value");
            WriteValue(writer, entry.Value);
            writer.WriteString("dataType", entry.DataType);
            writer.WriteEndObject();
            if (entry.From is not null)
            {
                writer.WriteString("from", entry.From);
                writer.WriteString("to", entry.To);
            }
        }

        writer.WriteEndObject();
        writer.WriteString("op", entry.Op);
        if (entry.IsLastOp)
        {
            writer.WriteBoolean("isLastOp", true);
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case string s:
                writer.WriteString("value", s);
                break;
            case long l:
                writer.WriteNumber("value", l);
                break;
            case double d when !double.IsFinite(d):
                // JSON has no NaN or infinity: such a value is written as its text ("NaN", "Infinity", "-Infinity")
                // with its numeric dataType, the string-valued form consumers must cope with.
                writer.WriteString("value", d.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case double d:
                writer.WriteNumber("value", d);
                break;
            case bool b:
                writer.WriteBoolean("value", b);
                break;
            default:
                writer.WriteNull("value");
                break;
        }
    }
}
