using Neptune.Streams.Lambda.ChangeRecords;

namespace Neptune.Streams.Lambda.GraphEvents;

/// <summary>
/// Assembles graph events from element-level change records: the records of one commit and one element that are
/// consecutive in the batch form one event. Records are appended in order; the open group is closed (and its event
/// built) when a record of another commit or element arrives, when the transaction's last operation arrives, or at
/// the end of the batch.
/// </summary>
internal sealed class GraphEventAssembler
{
    private readonly List<ChangeRecord> _group = [];
    private readonly List<string> _keys = [];
    private KinesisPosition _firstPosition;
    private KinesisPosition _lastPosition;

    /// <summary>True while records wait to be assembled.</summary>
    public bool HasOpenGroup => _group.Count > 0;

    /// <summary>Where the open group's first record sits: the record Lambda must retry from if its event fails.</summary>
    public KinesisPosition FirstPosition => _firstPosition;

    /// <summary>The open group's first record.</summary>
    public ChangeRecord? FirstRecord => _group.Count > 0 ? _group[0] : null;

    /// <summary>True when <paramref name="record"/> continues the open group (same commit, same element).</summary>
    public bool Continues(ChangeRecord record)
    {
        if (_group.Count == 0)
        {
            return false;
        }

        ChangeRecord first = _group[0];
        ChangeRecord last = _group[^1];
        return IsElementRecord(first) && IsElementRecord(record) && !last.IsLastOp
            && first.EventId.CommitNum == record.EventId.CommitNum
            && first.IsEdge == record.IsEdge
            && string.Equals(first.Id, record.Id, StringComparison.Ordinal);
    }

    /// <summary>
    /// Appends a record that <see cref="Continues"/> the open group, or starts a group when none is open.
    /// Returns true when the group is complete and <see cref="Close"/> should be called now.
    /// </summary>
    public bool Append(ChangeRecord record, KinesisPosition position)
    {
        if (_group.Count == 0)
        {
            _firstPosition = position;
        }
        else if (!Continues(record))
        {
            throw new InvalidOperationException("The record does not continue the open group; close it first.");
        }

        _group.Add(record);
        _lastPosition = position;
        return !IsElementRecord(record) || record.IsLastOp;
    }

    /// <summary>Builds the open group's event and starts afresh.</summary>
    public GraphEvent Close()
    {
        if (_group.Count == 0)
        {
            throw new InvalidOperationException("No group is open.");
        }

        try
        {
            ChangeRecord first = _group[0];
            return first.Type switch
            {
                ChangeRecordType.Statement => BuildStatement(first),
                ChangeRecordType.Simplified => BuildSimplified(first),
                _ => BuildElement(),
            };
        }
        finally
        {
            _group.Clear();
        }
    }

    /// <summary>Drops the open group without building it (the batch stopped before it).</summary>
    public void Reset() => _group.Clear();

    private static bool IsElementRecord(ChangeRecord record) =>
        record.Type is ChangeRecordType.VertexLabel or ChangeRecordType.VertexProperty or ChangeRecordType.Edge or ChangeRecordType.EdgeProperty;

    private GraphEvent BuildStatement(ChangeRecord record) => new(
        record.IsAdd ? GraphEventKind.TripleAdded : GraphEventKind.TripleRemoved,
        record.Id,
        [],
        null,
        null,
        [],
        record.Statement,
        record.EventId,
        record.EventId,
        ToTimestamp(record.CommitTimestamp),
        _lastPosition);

    private GraphEvent BuildSimplified(ChangeRecord record)
    {
        var changes = new List<PropertyChange>();
        if (record.Properties is { Count: > 0 } properties)
        {
            bool removes = !record.IsAdd;
            var byName = new Dictionary<string, List<PropertyValue>>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (var (name, value) in properties)
            {
                if (!byName.TryGetValue(name, out var values))
                {
                    byName[name] = values = [];
                    order.Add(name);
                }

                values.Add(value);
            }

            foreach (string name in order)
            {
                changes.Add(removes ? new PropertyChange(name, byName[name], null) : new PropertyChange(name, null, byName[name]));
            }
        }

        return new GraphEvent(
            record.SimplifiedKind,
            record.Id,
            record.Labels ?? (IReadOnlyList<string>)[],
            record.From,
            record.To,
            changes,
            null,
            record.EventId,
            record.EventId,
            ToTimestamp(record.CommitTimestamp),
            _lastPosition);
    }

    private GraphEvent BuildElement()
    {
        bool isEdge = _group[0].IsEdge;
        bool labelAdded = false, labelRemoved = false;
        string? from = null, to = null;
        long? timestamp = null;
        List<string>? labels = null;

        // Property changes keep the order of first appearance; a group rarely touches more than a handful of keys,
        // so a linear search beats a dictionary and allocates nothing.
        int keyCount = 0;
        var keys = _keys;
        keys.Clear();
        foreach (ChangeRecord record in _group)
        {
            timestamp ??= record.CommitTimestamp;
            from ??= record.From;
            to ??= record.To;
            if (record.Labels is { } extra)
            {
                foreach (string label in extra)
                {
                    AddDistinct(labels ??= new List<string>(2), label);
                }
            }

            if (record.Type is ChangeRecordType.VertexLabel or ChangeRecordType.Edge)
            {
                labelAdded |= record.IsAdd;
                labelRemoved |= !record.IsAdd;
                AddDistinct(labels ??= new List<string>(2), record.Value.Text!);
            }
            else if (IndexOf(keys, record.Key!) < 0)
            {
                keys.Add(record.Key!);
                keyCount++;
            }
        }

        var properties = keyCount == 0 ? [] : new PropertyChange[keyCount];
        for (int k = 0; k < keyCount; k++)
        {
            List<PropertyValue>? oldValues = null, newValues = null;
            foreach (ChangeRecord record in _group)
            {
                if (record.Type is ChangeRecordType.VertexProperty or ChangeRecordType.EdgeProperty
                    && string.Equals(record.Key, keys[k], StringComparison.Ordinal))
                {
                    if (record.IsAdd)
                    {
                        (newValues ??= new List<PropertyValue>(1)).Add(record.Value);
                    }
                    else
                    {
                        (oldValues ??= new List<PropertyValue>(1)).Add(record.Value);
                    }
                }
            }

            properties[k] = new PropertyChange(keys[k], oldValues, newValues);
        }

        // A drop arrives as REMOVEs of the element (its labels, or the edge record) and its properties; a creation as
        // ADDs; anything else (property changes only, or labels both added and removed) is an update.
        GraphEventKind kind = (isEdge, labelAdded, labelRemoved) switch
        {
            (false, true, false) => GraphEventKind.VertexAdded,
            (false, false, true) => GraphEventKind.VertexDeleted,
            (false, _, _) => GraphEventKind.VertexUpdated,
            (true, true, false) => GraphEventKind.EdgeAdded,
            (true, false, true) => GraphEventKind.EdgeDeleted,
            (true, _, _) => GraphEventKind.EdgeUpdated,
        };

        return new GraphEvent(
            kind,
            _group[0].Id,
            labels ?? (IReadOnlyList<string>)[],
            from,
            to,
            properties,
            null,
            _group[0].EventId,
            _group[^1].EventId,
            ToTimestamp(timestamp),
            _lastPosition,
            _group[0].FromSnapshot);
    }

    private static int IndexOf(List<string> keys, string key)
    {
        for (int i = 0; i < keys.Count; i++)
        {
            if (string.Equals(keys[i], key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static void AddDistinct(List<string> list, string value)
    {
        if (!list.Contains(value))
        {
            list.Add(value);
        }
    }

    private static DateTimeOffset? ToTimestamp(long? epochMilliseconds) =>
        epochMilliseconds is { } ms && ms >= 0 && ms <= 253402300799999 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
