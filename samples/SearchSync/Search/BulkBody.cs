using System.Buffers;
using System.Text.Json;

namespace SearchSync.Search;

/// <summary>
/// Writes a bulk request body as the bulk API documents it: newline-delimited JSON, an action/metadata line per write
/// (<c>{"index":{"_id":…,"version":…,"version_type":"external"}}</c> or the same with <c>delete</c>), the document on
/// the line after an index action, and a newline after the last line.
/// </summary>
internal static class BulkBody
{
    public static ReadOnlyMemory<byte> Write(IEnumerable<PendingWrite> writes)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        var options = new JsonWriterOptions { Indented = false };
        foreach (PendingWrite write in writes)
        {
            using (var json = new Utf8JsonWriter(buffer, options))
            {
                json.WriteStartObject();
                json.WriteStartObject(write.Document is null ? "delete" : "index");
                json.WriteString("_id", write.Id);
                json.WriteNumber("version", write.Version);
                json.WriteString("version_type", "external");
                json.WriteEndObject();
                json.WriteEndObject();
            }

            buffer.Write("\n"u8);
            if (write.Document is { } document)
            {
                using (var json = new Utf8JsonWriter(buffer, options))
                {
                    document.WriteTo(json);
                }

                buffer.Write("\n"u8);
            }
        }

        return buffer.WrittenMemory;
    }
}
