using System.Text.Json;
using Neptune.Streams.Pump.Neptune;
using Neptune.Streams.Pump.Pumping;

namespace Neptune.Streams.Pump.Snapshot;

/// <summary>
/// Turns one row of a snapshot query into the change a creation would have written: PG_JSON <c>ADD</c> records
/// (<c>vl</c> per label and <c>vp</c> per property value; or <c>e</c> and <c>ep</c>) at event ids <c>P:1…n</c>, the
/// last one <c>isLastOp</c>. The envelope marks it as coming from the snapshot.
/// </summary>
/// <remarks>
/// openCypher answers in plain JSON, so a value's Neptune data type is not known: strings arrive as <c>String</c>,
/// whole numbers as <c>Long</c>, other numbers as <c>Double</c>, booleans as <c>Boolean</c>, and dates as the
/// ISO-8601 string Neptune answers with. A list value (set cardinality) becomes one record per value.
/// </remarks>
internal static class SnapshotRecords
{
    /// <exception cref="SnapshotQueryException">The row lacks its id (or an edge its label or endpoints).</exception>
    public static (ElementChange Change, ElementLabels Labels) FromRow(JsonElement row, bool isEdge, long commitNum, long timestamp)
    {
        string id = Text(row, "id") ?? throw new SnapshotQueryException("A snapshot row has no string \"id\".");
        var labels = new List<string>();
        string? from = null, to = null;
        if (isEdge)
        {
            labels.Add(Text(row, "label") ?? throw new SnapshotQueryException($"Snapshot edge {id} has no \"label\"."));
            from = Text(row, "from") ?? throw new SnapshotQueryException($"Snapshot edge {id} has no \"from\".");
            to = Text(row, "to") ?? throw new SnapshotQueryException($"Snapshot edge {id} has no \"to\".");
        }
        else if (row.TryGetProperty("labels", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement label in list.EnumerateArray())
            {
                if (label.ValueKind == JsonValueKind.String)
                {
                    labels.Add(label.GetString()!);
                }
            }
        }

        var change = new ElementChange { ElementId = id, IsEdge = isEdge, IsRdf = false, CommitNum = commitNum, IsSnapshot = true };
        var records = new List<(string Type, string Key, JsonElement? Value, string? Label)>();
        if (isEdge)
        {
            records.Add(("e", "label", null, labels[0]));
        }
        else
        {
            foreach (string label in labels)
            {
                records.Add(("vl", "label", null, label));
            }
        }

        if (row.TryGetProperty("properties", out JsonElement properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty property in properties.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement value in property.Value.EnumerateArray())
                    {
                        records.Add((isEdge ? "ep" : "vp", property.Name, value, null));
                    }
                }
                else if (property.Value.ValueKind != JsonValueKind.Null)
                {
                    records.Add((isEdge ? "ep" : "vp", property.Name, property.Value, null));
                }
            }
        }

        for (int i = 0; i < records.Count; i++)
        {
            var (type, key, value, label) = records[i];
            bool last = i == records.Count - 1;
            change.Records.Add(new StreamRecord
            {
                CommitNum = commitNum,
                OpNum = i + 1,
                IsLastOp = last,
                ElementId = id,
                Type = type,
                IsAdd = true,
                Label = label,
                From = from,
                To = to,
                Json = Write(id, type, key, value, label, from, to, commitNum, i + 1, last, timestamp),
            });
        }

        return (change, new ElementLabels(labels, from, to));
    }

    private static byte[] Write(
        string id, string type, string key, JsonElement? value, string? label, string? from, string? to, long commitNum, long opNum, bool last, long timestamp)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("commitTimestamp", timestamp);
            writer.WriteStartObject("eventId");
            writer.WriteNumber("commitNum", commitNum);
            writer.WriteNumber("opNum", opNum);
            writer.WriteEndObject();
            writer.WriteStartObject("data");
            writer.WriteString("id", id);
            writer.WriteString("type", type);
            writer.WriteString("key", key);
            writer.WriteStartObject("value");
            if (label is not null)
            {
                writer.WriteString("value", label);
                writer.WriteString("dataType", "String");
            }
            else
            {
                WriteValue(writer, value!.Value);
            }

            writer.WriteEndObject();
            if (type == "e")
            {
                writer.WriteString("from", from);
                writer.WriteString("to", to);
            }

            writer.WriteEndObject();
            writer.WriteString("op", "ADD");
            if (last)
            {
                writer.WriteBoolean("isLastOp", true);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonElement value)
    {
        writer.WritePropertyName("value");
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                value.WriteTo(writer);
                writer.WriteString("dataType", "String");
                break;
            case JsonValueKind.Number:
                value.WriteTo(writer);
                writer.WriteString("dataType", value.TryGetInt64(out _) ? "Long" : "Double");
                break;
            case JsonValueKind.True or JsonValueKind.False:
                value.WriteTo(writer);
                writer.WriteString("dataType", "Boolean");
                break;
            default:
                // A map or nested list has no Neptune property type: forwarded as its JSON text.
                writer.WriteStringValue(value.GetRawText());
                writer.WriteString("dataType", "String");
                break;
        }
    }

    private static string? Text(JsonElement row, string name) =>
        row.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
