using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Lambda.Testing;

/// <summary>
/// Builds a <see cref="GraphEvent"/> as the library assembles it from a commit's change records, for testing one
/// handler without a Kinesis event: <c>GraphEventBuilder.VertexAdded("alice", "person").WithProperty("name", "Alice").Build()</c>.
/// </summary>
/// <remarks>Property values take the same CLR types as <see cref="NeptuneChangeBuilder"/>.</remarks>
public sealed class GraphEventBuilder
{
    private readonly GraphEventKind _kind;
    private readonly string _id;
    private readonly List<string> _labels = [];
    private readonly string? _from;
    private readonly string? _to;
    private readonly List<PropertyChange> _properties = [];
    private NeptuneEventId _firstEventId = new(1, 1);
    private NeptuneEventId? _lastEventId;
    private DateTimeOffset? _commitTimestamp = DateTimeOffset.FromUnixTimeMilliseconds(1718010902113);
    private KinesisPosition _position = new(KinesisEventBuilder.DefaultShardId, KinesisEventBuilder.SequenceNumberAt(0), KinesisPayload.NotAggregated, KinesisEventBuilder.DefaultPartitionKey);
    private bool _isSnapshot;

    private GraphEventBuilder(GraphEventKind kind, string id, string? label, string? from, string? to)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        _kind = kind;
        _id = id;
        _from = from;
        _to = to;
        if (label is not null)
        {
            _labels.Add(label);
        }
    }

    /// <summary>A vertex added with <paramref name="label"/>.</summary>
    /// <param name="id">The vertex id.</param>
    /// <param name="label">The vertex label.</param>
    public static GraphEventBuilder VertexAdded(string id, string label) => new(GraphEventKind.VertexAdded, id, label, null, null);

    /// <summary>A vertex whose properties changed (its labels are not in the records of an update).</summary>
    /// <param name="id">The vertex id.</param>
    /// <param name="label">The label, when the test wants one (Neptune's update records carry none).</param>
    public static GraphEventBuilder VertexUpdated(string id, string? label = null) => new(GraphEventKind.VertexUpdated, id, label, null, null);

    /// <summary>A vertex dropped.</summary>
    /// <param name="id">The vertex id.</param>
    /// <param name="label">The vertex label.</param>
    public static GraphEventBuilder VertexDeleted(string id, string label) => new(GraphEventKind.VertexDeleted, id, label, null, null);

    /// <summary>An edge added.</summary>
    /// <param name="id">The edge id.</param>
    /// <param name="label">The edge label.</param>
    /// <param name="from">The id of the vertex the edge leaves.</param>
    /// <param name="to">The id of the vertex the edge enters.</param>
    public static GraphEventBuilder EdgeAdded(string id, string label, string from, string to) => Edge(GraphEventKind.EdgeAdded, id, label, from, to);

    /// <summary>An edge whose properties changed.</summary>
    /// <param name="id">The edge id.</param>
    /// <param name="label">The edge label, when the test wants one (Neptune's update records carry none).</param>
    public static GraphEventBuilder EdgeUpdated(string id, string? label = null) => new(GraphEventKind.EdgeUpdated, id, label, null, null);

    /// <summary>An edge dropped.</summary>
    /// <param name="id">The edge id.</param>
    /// <param name="label">The edge label.</param>
    /// <param name="from">The id of the vertex the edge left.</param>
    /// <param name="to">The id of the vertex the edge entered.</param>
    public static GraphEventBuilder EdgeDeleted(string id, string label, string from, string to) => Edge(GraphEventKind.EdgeDeleted, id, label, from, to);

    /// <summary>Adds another label (Neptune vertices may have several).</summary>
    /// <param name="label">The label.</param>
    public GraphEventBuilder WithLabel(string label)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        _labels.Add(label);
        return this;
    }

    /// <summary>A property value added (the new value of <paramref name="name"/>).</summary>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value.</param>
    public GraphEventBuilder WithProperty(string name, object value) => WithPropertyChange(name, null, value);

    /// <summary>A property change: its value before (null when it had none) and after (null when removed).</summary>
    /// <param name="name">The property name.</param>
    /// <param name="oldValue">The value removed, or null.</param>
    /// <param name="newValue">The value added, or null.</param>
    public GraphEventBuilder WithPropertyChange(string name, object? oldValue, object? newValue)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        List<PropertyValue>? before = oldValue is null ? null : [TestValue.From(oldValue, nameof(oldValue))];
        List<PropertyValue>? after = newValue is null ? null : [TestValue.From(newValue, nameof(newValue))];
        _properties.Add(new PropertyChange(name, before, after));
        return this;
    }

    /// <summary>Where the event's records sit in Neptune's stream: its commit and first (and last) operation.</summary>
    /// <param name="commitNum">The commit number.</param>
    /// <param name="firstOpNum">The first operation of the element in that commit.</param>
    /// <param name="lastOpNum">The last one; by default one per label and property after the first.</param>
    public GraphEventBuilder AtEvent(long commitNum, long firstOpNum = 1, long? lastOpNum = null)
    {
        _firstEventId = new NeptuneEventId(commitNum, firstOpNum);
        _lastEventId = lastOpNum is { } last ? new NeptuneEventId(commitNum, last) : null;
        return this;
    }

    /// <summary>The commit's timestamp; null for a record that has none.</summary>
    /// <param name="timestamp">The timestamp.</param>
    public GraphEventBuilder WithCommitTimestamp(DateTimeOffset? timestamp)
    {
        _commitTimestamp = timestamp;
        return this;
    }

    /// <summary>Where the event's last record sits in Kinesis.</summary>
    /// <param name="sequenceNumber">The Kinesis sequence number.</param>
    /// <param name="shardId">The shard.</param>
    /// <param name="partitionKey">The partition key.</param>
    /// <param name="subSequenceNumber">The index inside a KPL aggregate, or -1 for a record that is not one.</param>
    public GraphEventBuilder AtKinesisPosition(
        string sequenceNumber, string shardId = KinesisEventBuilder.DefaultShardId, string partitionKey = KinesisEventBuilder.DefaultPartitionKey, int subSequenceNumber = -1)
    {
        ArgumentException.ThrowIfNullOrEmpty(sequenceNumber);
        _position = new KinesisPosition(shardId, sequenceNumber, subSequenceNumber, partitionKey);
        return this;
    }

    /// <summary>Marks the event as coming from a snapshot (<c>neptune-export</c>) rather than the live stream.</summary>
    public GraphEventBuilder AsSnapshot()
    {
        _isSnapshot = true;
        return this;
    }

    /// <summary>The event.</summary>
    public GraphEvent Build()
    {
        NeptuneEventId last = _lastEventId
            ?? new NeptuneEventId(_firstEventId.CommitNum, _firstEventId.OpNum + Math.Max(0, _labels.Count + _properties.Count - 1));
        return new GraphEvent(
            _kind, _id, [.. _labels], _from, _to, [.. _properties], statement: null, _firstEventId, last, _commitTimestamp, _position, _isSnapshot);
    }

    private static GraphEventBuilder Edge(GraphEventKind kind, string id, string label, string from, string to)
    {
        ArgumentException.ThrowIfNullOrEmpty(from);
        ArgumentException.ThrowIfNullOrEmpty(to);
        return new GraphEventBuilder(kind, id, label, from, to);
    }
}
