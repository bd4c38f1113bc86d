using System.Globalization;
using System.Text;
using System.Text.Json;

using Neptune.Streams.Pump.Neptune;

namespace Neptune.Streams.Pump.Tests.Neptune;

/// <summary>
/// The stream-page parser as it was before the one-pass reader (a <see cref="JsonDocument"/> and a property search per
/// field), kept as the oracle the one-pass reader is compared with.
/// </summary>
internal static class DocumentPageParser
{
    /// <exception cref="InvalidDataException">The page is not a Neptune stream page; the message names the record.</exception>
    public static StreamPage Parse(ReadOnlyMemory<byte> body) => Parse(body, null);

    /// <summary>The same, for bytes from a pool: the page owns <paramref name="owner"/> and disposes it.</summary>
    /// <exception cref="InvalidDataException">The page is not a Neptune stream page; the message names the record.</exception>
    public static StreamPage Parse(ReadOnlyMemory<byte> body, IDisposable? owner)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The stream API answered with invalid JSON (line {ex.LineNumber + 1}).", ex);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("records", out JsonElement records) || records.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException("The stream API's answer has no \"records\" array.");
            }

            var list = new List<StreamRecord>(records.GetArrayLength());
            int index = 0;
            foreach (JsonElement record in records.EnumerateArray())
            {
                list.Add(ReadRecord(body, record, index++));
            }

            long lastTrx = root.TryGetProperty("lastTrxTimestamp", out JsonElement ts) && ts.TryGetInt64(out long t) ? t : 0;
            return new StreamPage { Outcome = StreamReadOutcome.Records, Records = list, LastTrxTimestamp = lastTrx, Body = owner };
        }
    }

    /// <summary>
    /// The record's JSON as Neptune sent it: a slice of the page's bytes (the document reads them in place), so forwarding
    /// a record copies nothing until its envelope is written; a copy only if the document did not keep the page's bytes.
    /// </summary>
    private static ReadOnlyMemory<byte> RawJson(ReadOnlyMemory<byte> body, JsonElement record)
    {
        ReadOnlySpan<byte> raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(record);
        return body.Span.Overlaps(raw, out int offset) && offset >= 0 ? body.Slice(offset, raw.Length) : raw.ToArray();
    }

    private static StreamRecord ReadRecord(ReadOnlyMemory<byte> body, JsonElement record, int index)
    {
        if (!record.TryGetProperty("eventId", out JsonElement eventId) || !TryReadEventId(eventId, out long commitNum, out long opNum))
        {
            throw new InvalidDataException($"Record {index} of the page has no valid eventId.");
        }

        if (!record.TryGetProperty("data", out JsonElement data) || data.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"Record {index} ({commitNum}:{opNum}) has no data object.");
        }

        bool isAdd = record.TryGetProperty("op", out JsonElement op) && op.ValueEquals("ADD"u8);
        bool isLast = record.TryGetProperty("isLastOp", out JsonElement last) && last.ValueKind == JsonValueKind.True;
        ReadOnlyMemory<byte> json = RawJson(body, record);
        if (data.TryGetProperty("stmt", out JsonElement stmt) && stmt.ValueKind == JsonValueKind.String)
        {
            return new StreamRecord
            {
                CommitNum = commitNum, OpNum = opNum, IsLastOp = isLast, IsAdd = isAdd, Json = json,
                ElementId = StreamPageParser.Subject(stmt.GetString()!) ?? throw new InvalidDataException($"Record {commitNum}:{opNum} has a statement without a subject."),
            };
        }

        string? id = data.TryGetProperty("id", out JsonElement idElement) ? idElement.GetString() : null;
        string? type = data.TryGetProperty("type", out JsonElement typeElement) ? typeElement.GetString() : null;
        if (string.IsNullOrEmpty(id) || type is not ("vl" or "vp" or "e" or "ep"))
        {
            throw new InvalidDataException($"Record {commitNum}:{opNum} has no element id or an unknown type.");
        }

        string? label = null;
        if (type is "vl" or "e" && data.TryGetProperty("value", out JsonElement value) && value.ValueKind == JsonValueKind.Object
            && value.TryGetProperty("value", out JsonElement labelValue) && labelValue.ValueKind == JsonValueKind.String)
        {
            label = labelValue.GetString();
        }

        return new StreamRecord
        {
            CommitNum = commitNum, OpNum = opNum, IsLastOp = isLast, IsAdd = isAdd, Json = json, ElementId = id, Type = type, Label = label,
            From = data.TryGetProperty("from", out JsonElement from) ? from.GetString() : null,
            To = data.TryGetProperty("to", out JsonElement to) ? to.GetString() : null,
        };
    }

    private static bool TryReadEventId(JsonElement eventId, out long commitNum, out long opNum)
    {
        commitNum = 0;
        opNum = 0;
        if (eventId.ValueKind == JsonValueKind.String)
        {
            // One documented example writes the event id as "commitNum:opNum".
            string text = eventId.GetString()!;
            int colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon > 0
                && long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out commitNum)
                && long.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out opNum);
        }

        return eventId.ValueKind == JsonValueKind.Object
            && eventId.TryGetProperty("commitNum", out JsonElement c) && c.TryGetInt64(out commitNum)
            && eventId.TryGetProperty("opNum", out JsonElement o) && o.TryGetInt64(out opNum);
    }
}
