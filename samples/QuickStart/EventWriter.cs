using System.Globalization;
using System.Text;
using System.Text.Json;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.GraphEvents;

namespace QuickStart;

/// <summary>Writes each graph event to standard output (a JSON line, or a readable line) and keeps the run's figures.</summary>
public sealed class EventWriter(Stream output)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<GraphEventKind, int> _counts = [];
    private TimeSpan _maxLag;
    private TimeSpan _totalLag;
    private int _lagged;

    /// <summary>How events are written.</summary>
    public EventFormat Format { get; set; } = EventFormat.JsonLines;

    /// <summary>Events seen, by kind.</summary>
    public IReadOnlyDictionary<GraphEventKind, int> Counts => _counts;

    /// <summary>The longest time from Neptune commit to handling.</summary>
    public TimeSpan MaxLag => _maxLag;

    /// <summary>The mean time from Neptune commit to handling.</summary>
    public TimeSpan MeanLag => _lagged == 0 ? TimeSpan.Zero : _totalLag / _lagged;

    /// <summary>Records the event and writes its line.</summary>
    public void Write(GraphEvent graphEvent)
    {
        lock (_gate)
        {
            _counts[graphEvent.Kind] = _counts.GetValueOrDefault(graphEvent.Kind) + 1;
            if (graphEvent.CommitTimestamp is { } committed)
            {
                TimeSpan lag = DateTimeOffset.UtcNow - committed;
                _maxLag = lag > _maxLag ? lag : _maxLag;
                _totalLag += lag;
                _lagged++;
            }

            switch (Format)
            {
                case EventFormat.JsonLines:
                    WriteJson(graphEvent);
                    break;
                case EventFormat.Readable:
                    byte[] line = Encoding.UTF8.GetBytes(Describe(graphEvent) + "\n");
                    output.Write(line);
                    output.Flush();
                    break;
            }
        }
    }

    private static string Describe(GraphEvent e)
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{e.CommitNum,6}  {e.Kind,-13} {string.Join('/', e.Labels),-9} {Short(e.Id)}");
        if (e.IsEdge)
        {
            text.Append(CultureInfo.InvariantCulture, $" ({Short(e.From)} -> {Short(e.To)})");
        }

        foreach (var change in e.Properties)
        {
            text.Append(change.Kind switch
            {
                PropertyChangeKind.Removed => $"  -{change.Name}",
                PropertyChangeKind.Changed => $"  {change.Name}: {change.OldValue} -> {change.NewValue}",
                _ => $"  {change.Name}={change.NewValue}",
            });
        }

        if (e.Statement is { } statement)
        {
            text.Append("  ").Append(statement);
        }

        return text.ToString();
    }

    private static string Short(string? id) => id is null ? "?" : id.Length <= 12 ? id : id[..8] + "…";

    private void WriteJson(GraphEvent graphEvent)
    {
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

/// <summary>How <see cref="EventWriter"/> writes events.</summary>
public enum EventFormat
{
    /// <summary>One JSON object per line (the <c>--event</c> mode).</summary>
    JsonLines,

    /// <summary>One readable line per event (the pipeline mode).</summary>
    Readable,

    /// <summary>Nothing: counts only (the fixture replay summary).</summary>
    None,
}
