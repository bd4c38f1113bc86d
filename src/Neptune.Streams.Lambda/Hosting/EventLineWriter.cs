using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;
using System.Text.Json;

namespace Neptune.Streams.Lambda.Hosting;

/// <summary>
/// The local runner's view of what the handlers receive: every graph event as one JSON line on standard output
/// (kind, id, labels, from/to, new property values, removed property names, statement, Neptune event id, sequence
/// number). A local run is the user's own data on the user's own terminal; the library's logs never carry values.
/// </summary>
internal sealed class EventLineWriter(Stream output) : IGraphEventHandler
{
    private static readonly Lock Gate = new();

    public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
    {
        lock (Gate)
        {
            using (var json = new Utf8JsonWriter(output))
            {
                Write(json, graphEvent);
            }

            output.WriteByte((byte)'\n');
            output.Flush();
        }

        return ValueTask.CompletedTask;
    }

    private static void Write(Utf8JsonWriter json, GraphEvent graphEvent)
    {
        json.WriteStartObject();
        json.WriteString("event", graphEvent.Kind.ToString());
        json.WriteString("id", graphEvent.Id);
        json.WriteStartArray("labels");
        foreach (string label in graphEvent.Labels)
        {
            json.WriteStringValue(label);
        }

        json.WriteEndArray();
        json.WriteString("from", graphEvent.From);
        json.WriteString("to", graphEvent.To);
        json.WritePropertyName("properties");
        graphEvent.WriteNewValues(json);
        json.WriteStartArray("removed");
        foreach (PropertyChange change in graphEvent.Properties)
        {
            if (change.Kind == PropertyChangeKind.Removed)
            {
                json.WriteStringValue(change.Name);
            }
        }

        json.WriteEndArray();
        if (graphEvent.Statement is { } statement)
        {
            json.WriteString("statement", statement.ToString());
        }

        json.WriteNumber("commitNum", graphEvent.FirstEventId.CommitNum);
        json.WriteNumber("opNum", graphEvent.FirstEventId.OpNum);
        json.WriteString("sequenceNumber", graphEvent.Position.SequenceNumber);
        json.WriteEndObject();
    }
}
