using System.Text.Json;
using Neptune.Streams.Lambda.GraphEvents;

namespace QuickStart;

/// <summary>Writes one JSON line per graph event to standard output and counts events by kind.</summary>
public sealed class EventWriter(Stream output)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<GraphEventKind, int> _counts = [];

    /// <summary>Whether events are written (off in the summary mode, which prints counts only).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Events seen, by kind.</summary>
    public IReadOnlyDictionary<GraphEventKind, int> Counts => _counts;

    /// <summary>Writes the event's line.</summary>
    public void Write(GraphEvent graphEvent)
    {
        lock (_gate)
        {
            _counts[graphEvent.Kind] = _counts.GetValueOrDefault(graphEvent.Kind) + 1;
            if (!Enabled)
            {
                return;
            }

            using (var json = new Utf8JsonWriter(output))
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
                foreach (var change in graphEvent.Properties)
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

            output.WriteByte((byte)'\n');
            output.Flush();
        }
    }
}
