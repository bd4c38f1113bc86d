using Neptune.Streams.Lambda.ChangeRecords;
using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Lambda.GraphEvents;

/// <summary>
/// Assembles graph events from element-level change records: the records of one commit and one element that are
/// consecutive in the batch form one event. Records are appended in order; the open group is closed (and its event
/// built) when a record of another commit or element arrives, when the transaction's last operation arrives, or at
/// the end of the batch.
/// </summary>
internal sealed class GraphEventAssembler(int maxLabels = DecodingOptions.DefaultMaxLabelsPerEvent, int maxProperties = DecodingOptions.DefaultMaxPropertiesPerEvent)
{
    // Below this many, a linear search beats hashing and allocates nothing; above it, sets keep assembly linear.
    private const int LinearSearchLimit = 8;

    // How many records are assembled between looks at the cancellation token.
    private const int CancellationStride = 1024;

    private readonly List<ChangeRecord> _group = [];
    private readonly List<string> _keys = [];
    private readonly Dictionary<string, int> _keyIndex = new(StringComparer.Ordinal);
    private readonly HashSet<string> _labelSet = new(StringComparer.Ordinal);
    private KinesisPosition _firstPosition;
    private KinesisPosition _lastPosition;

    /// <summary>True while records wait to be assembled.</summary>
    public bool HasOpenGroup => _group.Count > 0;

    /// <summary>Where the open group's first record sits: the record Lambda must retry from if its event fails.</summary>
    public KinesisPosition FirstPosition => _firstPosition;

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
    /// <exception cref="InvalidDataException">The event is over a cap on labels or property keys.</exception>
    public GraphEvent Close() => TryClose(CancellationToken.None, out GraphEvent? graphEvent, out string? reason) == AssemblyOutcome.Built
        ? graphEvent!
        : throw new InvalidDataException(reason);

    /// <summary>
    /// Builds the open group's event, or says why not: over a cap (poison), or <paramref name="cancellationToken"/>
    /// fired (the group is dropped unbuilt, as by <see cref="Reset"/>). Either way the assembler starts afresh.
    /// </summary>
    public AssemblyOutcome TryClose(CancellationToken cancellationToken, out GraphEvent? graphEvent, out string? reason)
    {
        if (_group.Count == 0)
        {
            throw new InvalidOperationException("No group is open.");
        }

        graphEvent = null;
        reason = null;
        try
        {
            ChangeRecord first = _group[0];
            return first.Type switch
            {
                ChangeRecordType.Statement => Built(BuildStatement(first), out graphEvent),
                ChangeRecordType.Simplified => BuildSimplified(first, out graphEvent, out reason),
                _ => BuildElement(cancellationToken, out graphEvent, out reason),
            };
        }
        finally
        {
            _group.Clear();
            _keys.Clear();
            _keyIndex.Clear();
            _labelSet.Clear();
        }
    }

    private static AssemblyOutcome Built(GraphEvent built, out GraphEvent? graphEvent)
    {
        graphEvent = built;
        return AssemblyOutcome.Built;
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

    private AssemblyOutcome BuildSimplified(ChangeRecord record, out GraphEvent? graphEvent, out string? reason)
    {
        graphEvent = null;
        var changes = new List<PropertyChange>();
        if (record.Labels is { } recordLabels && recordLabels.Count > maxLabels)
        {
            reason = TooManyLabels();
            return AssemblyOutcome.Poison;
        }

        if (record.Properties is { Count: > 0 } properties)
        {
            bool removes = !record.IsAdd;
            var byName = new Dictionary<string, List<PropertyValue>>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (var (name, value) in properties)
            {
                if (!byName.TryGetValue(name, out var values))
                {
                    if (order.Count == maxProperties)
                    {
                        reason = TooManyProperties();
                        return AssemblyOutcome.Poison;
                    }

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

        reason = null;
        return Built(
            new GraphEvent(
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
                _lastPosition),
            out graphEvent);
    }

    private AssemblyOutcome BuildElement(CancellationToken cancellationToken, out GraphEvent? graphEvent, out string? reason)
    {
        graphEvent = null;
        reason = null;
        bool isEdge = _group[0].IsEdge;
        bool labelAdded = false, labelRemoved = false;
        string? from = null, to = null;
        long? timestamp = null;
        List<string>? labels = null;
        IReadOnlyList<string>? lastMerged = null;

        // Property changes keep the order of first appearance. Every record of a pump envelope carries the same label
        // list instance: it is merged once, and sets take over from linear searches as lists grow, so a commit with
        // thousands of labels and properties costs time in proportion to its size.
        var keys = _keys;
        for (int r = 0; r < _group.Count; r++)
        {
            if (r % CancellationStride == CancellationStride - 1 && cancellationToken.IsCancellationRequested)
            {
                return AssemblyOutcome.Cancelled;
            }

            ChangeRecord record = _group[r];
            timestamp ??= record.CommitTimestamp;
            from ??= record.From;
            to ??= record.To;
            if (record.Labels is { } extra && !ReferenceEquals(extra, lastMerged))
            {
                lastMerged = extra;
                for (int l = 0; l < extra.Count; l++)
                {
                    if ((l & (CancellationStride - 1)) == CancellationStride - 1 && cancellationToken.IsCancellationRequested)
                    {
                        return AssemblyOutcome.Cancelled;
                    }

                    if (!AddLabel(labels ??= new List<string>(Math.Min(extra.Count, maxLabels + 1)), extra[l], out reason))
                    {
                        return AssemblyOutcome.Poison;
                    }
                }
            }

            if (record.Type is ChangeRecordType.VertexLabel or ChangeRecordType.Edge)
            {
                labelAdded |= record.IsAdd;
                labelRemoved |= !record.IsAdd;
                if (!AddLabel(labels ??= new List<string>(2), record.Value.Text!, out reason))
                {
                    return AssemblyOutcome.Poison;
                }
            }
            else if (KeyIndex(record.Key!) < 0)
            {
                if (keys.Count == maxProperties)
                {
                    reason = TooManyProperties();
                    return AssemblyOutcome.Poison;
                }

                AddKey(record.Key!);
            }
        }

        // One pass over the records counts each key's values, a second puts them under the key's index in arrays of
        // that size (a property has one value almost always: an array of one, not a list).
        int[]? rented = keys.Count > 64 ? System.Buffers.ArrayPool<int>.Shared.Rent(keys.Count * 2) : null;
        Span<int> counts = rented is null ? stackalloc int[keys.Count * 2] : rented.AsSpan(0, keys.Count * 2);
        counts.Clear();
        bool anyOld = false, anyNew = false;
        foreach (ChangeRecord record in _group)
        {
            if (record.Type is ChangeRecordType.VertexProperty or ChangeRecordType.EdgeProperty)
            {
                counts[(KeyIndex(record.Key!) * 2) + (record.IsAdd ? 1 : 0)]++;
                anyOld |= !record.IsAdd;
                anyNew |= record.IsAdd;
            }
        }

        // Only the sides that have values get an index of them.
        var oldValues = anyOld ? new PropertyValue[]?[keys.Count] : null;
        var newValues = anyNew ? new PropertyValue[]?[keys.Count] : null;

        foreach (ChangeRecord record in _group)
        {
            if (record.Type is ChangeRecordType.VertexProperty or ChangeRecordType.EdgeProperty)
            {
                int k = KeyIndex(record.Key!);
                int slot = (k * 2) + (record.IsAdd ? 1 : 0);
                ref PropertyValue[]? values = ref record.IsAdd ? ref newValues![k] : ref oldValues![k];
                values ??= new PropertyValue[counts[slot]];
                values[values.Length - counts[slot]--] = record.Value;
            }
        }

        if (rented is not null)
        {
            System.Buffers.ArrayPool<int>.Shared.Return(rented);
        }

        var properties = keys.Count == 0 ? [] : new PropertyChange[keys.Count];
        for (int k = 0; k < keys.Count; k++)
        {
            properties[k] = new PropertyChange(keys[k], oldValues?[k], newValues?[k]);
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

        return Built(
            new GraphEvent(
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
                _group[0].FromSnapshot,
                labels is not { Count: > 0 } && _group.Exists(r => r.LabelsUnknown)),
            out graphEvent);
    }

    private int KeyIndex(string key)
    {
        if (_keys.Count > LinearSearchLimit)
        {
            return _keyIndex.TryGetValue(key, out int index) ? index : -1;
        }

        for (int i = 0; i < _keys.Count; i++)
        {
            if (string.Equals(_keys[i], key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private void AddKey(string key)
    {
        _keys.Add(key);
        if (_keys.Count == LinearSearchLimit + 1)
        {
            for (int i = 0; i < _keys.Count; i++)
            {
                _keyIndex[_keys[i]] = i;
            }
        }
        else if (_keys.Count > LinearSearchLimit + 1)
        {
            _keyIndex[key] = _keys.Count - 1;
        }
    }

    private bool AddLabel(List<string> labels, string label, out string? reason)
    {
        reason = null;
        bool known = labels.Count > LinearSearchLimit ? _labelSet.Contains(label) : labels.Contains(label);
        if (known)
        {
            return true;
        }

        if (labels.Count == maxLabels)
        {
            reason = TooManyLabels();
            return false;
        }

        labels.Add(label);
        if (labels.Count == LinearSearchLimit + 1)
        {
            _labelSet.UnionWith(labels);
        }
        else if (labels.Count > LinearSearchLimit + 1)
        {
            _labelSet.Add(label);
        }

        return true;
    }

    private string TooManyLabels() =>
        $"the event has more than {maxLabels} labels (DecodingOptions.MaxLabelsPerEvent)";

    private string TooManyProperties() =>
        $"the event has more than {maxProperties} property keys (DecodingOptions.MaxPropertiesPerEvent)";

    private static DateTimeOffset? ToTimestamp(long? epochMilliseconds) =>
        epochMilliseconds is { } ms && ms >= 0 && ms <= 253402300799999 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
