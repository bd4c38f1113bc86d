using System.Text.Json;
using System.Text.Json.Nodes;
using Neptune.Streams.Lambda.GraphEvents;

namespace SearchSync.Search;

/// <summary>
/// The document of a vertex: <c>{"labels":[…], "commitNum":4714, "props":{"name":"Alice Smith", …}}</c>. Properties sit
/// under <c>props</c> so that no vertex property can collide with the document's own fields.
/// </summary>
public static class VertexDocument
{
    /// <summary>An empty document.</summary>
    public static JsonObject Create() => new() { ["labels"] = new JsonArray(), ["commitNum"] = 0, ["props"] = new JsonObject() };

    /// <summary>The labels a stored document says the vertex has.</summary>
    public static IEnumerable<string> Labels(JsonObject document) =>
        (document["labels"] as JsonArray ?? []).Select(n => n?.GetValue<string>()).OfType<string>();

    /// <summary>Applies the event's labels (when it carries them) and property changes, and stamps its commit.</summary>
    public static void Apply(JsonObject document, GraphEvent graphEvent)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(graphEvent);
        if (graphEvent.Labels.Count > 0)
        {
            document["labels"] = new JsonArray(graphEvent.Labels.Select(l => (JsonNode)JsonValue.Create(l)).ToArray());
        }

        if (document["props"] is not JsonObject props)
        {
            props = [];
            document["props"] = props;
        }

        foreach (PropertyChange change in graphEvent.Properties)
        {
            if (change.NewValues.Count == 0)
            {
                props.Remove(change.Name);
                continue;
            }

            props[change.Name] = Value(change.NewValues);
        }

        document["commitNum"] = graphEvent.CommitNum;
    }

    private static JsonNode? Value(IReadOnlyList<PropertyValue> values)
    {
        // PropertyValue writes numbers, booleans and ISO-8601 dates as such: what an Elasticsearch mapping expects.
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64);
        using (var json = new Utf8JsonWriter(buffer))
        {
            if (values.Count == 1)
            {
                values[0].WriteTo(json);
            }
            else
            {
                json.WriteStartArray();
                foreach (PropertyValue value in values)
                {
                    value.WriteTo(json);
                }

                json.WriteEndArray();
            }
        }

        return JsonNode.Parse(buffer.WrittenSpan);
    }
}
