using System.Collections;
using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.Processing;

/// <summary>The log scope of one event: where it is in Kinesis and Neptune, never its property values.</summary>
internal sealed class EventLogScope(GraphEvent graphEvent) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 5;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("ShardId", graphEvent.Position.ShardId),
        1 => new("SequenceNumber", graphEvent.Position.SequenceNumber),
        2 => new("NeptuneEventId", graphEvent.IdempotencyKey),
        3 => new("EventKind", graphEvent.Kind.ToString()),
        4 => new("ElementId", graphEvent.Id),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (int i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"{graphEvent.Position} {graphEvent.IdempotencyKey}";
}
