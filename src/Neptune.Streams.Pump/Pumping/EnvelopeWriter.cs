using System.Buffers;
using System.Text.Json;
using Neptune.Streams.Pump.Neptune;

namespace Neptune.Streams.Pump.Pumping;

/// <summary>
/// Writes an element change as the versioned envelope the consumer reads:
/// <c>{"envelope":"neptune-streams/1","id":…,"labels":[…],"from":…,"to":…,"commitNum":…,"records":[…]}</c>, the records
/// being Neptune's JSON unchanged. A property graph change whose labels nobody knows has <c>"labelsUnknown":true</c>
/// instead of <c>labels</c>. A change larger than one Kinesis record is split in order into several envelopes
/// (with <c>part</c>/<c>parts</c>); a single record larger than a Kinesis record cannot be forwarded (the pump
/// dead-letters the change).
/// </summary>
internal static class EnvelopeWriter
{
    public const string Version = "neptune-streams/1";

    /// <exception cref="InvalidDataException">One Neptune record alone is larger than <paramref name="maxBytes"/>.</exception>
    public static List<byte[]> Write(ElementChange change, ElementLabels? labels, int maxBytes) =>
        TryWrite(change, labels, maxBytes, out List<byte[]> envelopes, out string? reason)
            ? envelopes
            : throw new InvalidDataException(reason);

    /// <summary>
    /// Writes the change as envelopes of at most <paramref name="maxBytes"/>; false (with a reason naming the record,
    /// never a value) when it cannot fit: one record with the envelope's header (labels, endpoints) is too large.
    /// </summary>
    public static bool TryWrite(ElementChange change, ElementLabels? labels, int maxBytes, out List<byte[]> envelopes, out string? reason)
    {
        // Almost every change fits one record with room to spare: then the envelope is written once, without first
        // writing its header alone to measure it. The bound is at least what the header measures, so this takes only
        // changes the general path below would also write as one envelope, and writes them the same.
        long recordBytes = 0;
        foreach (StreamRecord record in change.Records)
        {
            recordBytes += record.Json.Length + 1;
        }

        if (HeaderBound(change, labels) + recordBytes <= maxBytes)
        {
            envelopes = [WriteOne(change, labels, change.Records, 0, 0)];
            reason = null;
            return true;
        }

        int header = HeaderBytes(change, labels);
        var parts = new List<List<StreamRecord>>();
        var current = new List<StreamRecord>();
        int size = header;
        envelopes = [];
        foreach (StreamRecord record in change.Records)
        {
            int recordSize = record.Json.Length + 1;
            if (header + recordSize > maxBytes)
            {
                reason = $"Record {record.CommitNum}:{record.OpNum} of an element change is {record.Json.Length} bytes and the envelope's header {header} bytes, more than a Kinesis record can hold ({maxBytes} bytes); it cannot be forwarded.";
                return false;
            }

            if (size + recordSize > maxBytes && current.Count > 0)
            {
                parts.Add(current);
                current = [];
                size = header;
            }

            current.Add(record);
            size += recordSize;
        }

        parts.Add(current);
        for (int i = 0; i < parts.Count; i++)
        {
            envelopes.Add(WriteOne(change, labels, parts[i], parts.Count > 1 ? i + 1 : 0, parts.Count));
        }

        reason = null;
        return true;
    }

    /// <summary>What the envelope takes beside its records (the header, and room for <c>part</c>/<c>parts</c>).</summary>
    internal static int HeaderBytes(ElementChange change, ElementLabels? labels) => Write(change, labels, [], 0, 0).WrittenCount + 40;

    /// <summary>
    /// At least <see cref="HeaderBytes"/> without writing anything: the members' names and fixed values take under 256
    /// bytes, and a string's character is at most 6 bytes written (<c>\uXXXX</c>).
    /// </summary>
    internal static long HeaderBound(ElementChange change, ElementLabels? labels)
    {
        long chars = change.ElementId.Length + (labels?.From?.Length ?? 0) + (labels?.To?.Length ?? 0);
        int count = 0;
        foreach (string label in labels?.Labels ?? [])
        {
            chars += label.Length;
            count++;
        }

        return 256 + (6 * chars) + (3 * count) + 40;
    }

    /// <summary>The whole change as one envelope, whatever its size (what the pump's dead-letter queue keeps of a change too large to forward).</summary>
    public static byte[] WriteWhole(ElementChange change, ElementLabels? labels) => WriteOne(change, labels, change.Records, 0, 0);

    // One buffer and writer per thread, reset for each envelope: an envelope costs its own bytes, not a growing stream
    // and a writer each time.
    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? t_writer;

    private static byte[] WriteOne(ElementChange change, ElementLabels? labels, List<StreamRecord> records, int part, int parts)
    {
        ArrayBufferWriter<byte> buffer = Write(change, labels, records, part, parts);
        byte[] envelope = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 4 * 1024 * 1024)
        {
            t_writer = null; // a change of megabytes does not keep its buffer for the rest of the run
        }

        return envelope;
    }

    /// <summary>Writes the envelope into this thread's buffer (valid until the next write on the thread).</summary>
    private static ArrayBufferWriter<byte> Write(ElementChange change, ElementLabels? labels, List<StreamRecord> records, int part, int parts)
    {
        var (buffer, writer) = t_writer ??= NewWriter();
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        {
            writer.WriteStartObject();
            writer.WriteString("envelope", Version);
            writer.WriteString("id", change.ElementId);
            if (labels is { Labels.Count: > 0 })
            {
                writer.WriteStartArray("labels");
                foreach (string label in labels.Labels)
                {
                    writer.WriteStringValue(label);
                }

                writer.WriteEndArray();
            }
            else if (!change.IsRdf)
            {
                // Nothing said the element's labels (deleted before the look-up, with no later record of the page
                // naming them): the consumer counts and logs such an event, and no label route matches it.
                writer.WriteBoolean("labelsUnknown", true);
            }

            if (labels?.From is not null)
            {
                writer.WriteString("from", labels.From);
            }

            if (labels?.To is not null)
            {
                writer.WriteString("to", labels.To);
            }

            writer.WriteNumber("commitNum", change.CommitNum);
            if (change.IsSnapshot)
            {
                writer.WriteBoolean("snapshot", true);
            }

            if (part > 0)
            {
                writer.WriteNumber("part", part);
                writer.WriteNumber("parts", parts);
            }

            writer.WriteStartArray("records");
            foreach (StreamRecord record in records)
            {
                writer.WriteRawValue(record.Json.Span, skipInputValidation: true);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.Flush();
        }

        return buffer;
    }

    private static (ArrayBufferWriter<byte>, Utf8JsonWriter) NewWriter()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        return (buffer, new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }));
    }
}
