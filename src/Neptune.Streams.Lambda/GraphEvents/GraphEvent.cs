using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Neptune.Streams.Lambda.GraphEvents;

/// <summary>
/// One change to one graph element, assembled from the element-level records that one Neptune commit wrote for it:
/// a vertex or edge added, updated or deleted, or an RDF statement added or removed.
/// </summary>
public sealed class GraphEvent
{
    internal GraphEvent(
        GraphEventKind kind,
        string id,
        IReadOnlyList<string> labels,
        string? from,
        string? to,
        IReadOnlyList<PropertyChange> properties,
        RdfStatement? statement,
        NeptuneEventId firstEventId,
        NeptuneEventId lastEventId,
        DateTimeOffset? commitTimestamp,
        KinesisPosition position,
        bool isSnapshot = false,
        bool labelsUnknown = false)
    {
        IsSnapshot = isSnapshot;
        LabelsUnknown = labelsUnknown;
        Kind = kind;
        Id = id;
        Labels = labels;
        From = from;
        To = to;
        Properties = properties;
        Statement = statement;
        FirstEventId = firstEventId;
        LastEventId = lastEventId;
        CommitTimestamp = commitTimestamp;
        Position = position;
    }

    /// <summary>What happened.</summary>
    public GraphEventKind Kind { get; }

    /// <summary>
    /// The change records the event was assembled from, kept only when an idempotency store may need to hand a handler
    /// the part of the event an earlier delivery (cut at another batch boundary) did not cover.
    /// </summary>
    internal IReadOnlyList<ChangeRecords.ChangeRecord>? Source { get; set; }

    /// <summary>The vertex or edge id; for RDF events, the statement's subject.</summary>
    public string Id { get; }

    /// <summary>
    /// The element's labels, when the records carry them (vertex label records, edge records, the simplified form, the
    /// pump's envelope); empty for a property-only update read from raw Neptune records.
    /// </summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>
    /// True when the pump could not tell the element's labels: it was deleted before the pump looked them up and no
    /// later record of the stream page named them. <see cref="Labels"/> is then empty, so no handler registered for a
    /// label gets the event; handlers registered for any label do (and the event is logged and counted in the
    /// <c>UnlabelledEvents</c> metric).
    /// </summary>
    public bool LabelsUnknown { get; }

    /// <summary>The first label, or null.</summary>
    public string? Label => Labels.Count > 0 ? Labels[0] : null;

    /// <summary>An edge's source vertex id, when known.</summary>
    public string? From { get; }

    /// <summary>An edge's target vertex id, when known.</summary>
    public string? To { get; }

    /// <summary>The property changes of this commit, in the order Neptune wrote them.</summary>
    public IReadOnlyList<PropertyChange> Properties { get; }

    /// <summary>The RDF statement of a <see cref="GraphEventKind.TripleAdded"/> or <see cref="GraphEventKind.TripleRemoved"/> event.</summary>
    public RdfStatement? Statement { get; }

    /// <summary>The Neptune event id of the first record of this event.</summary>
    public NeptuneEventId FirstEventId { get; }

    /// <summary>The Neptune event id of the last record of this event.</summary>
    public NeptuneEventId LastEventId { get; }

    /// <summary>The commit number of the transaction.</summary>
    public long CommitNum => FirstEventId.CommitNum;

    /// <summary>When Neptune committed the transaction, when the records say.</summary>
    public DateTimeOffset? CommitTimestamp { get; }

    /// <summary>
    /// True when the event comes from the pump's snapshot phase: the element as it was when the graph was read (a
    /// <see cref="GraphEventKind.VertexAdded"/> or <see cref="GraphEventKind.EdgeAdded"/>), not a change that just
    /// happened. Handlers get such events only when registered with <see cref="NeptuneStreamBuilder.IncludeSnapshot"/>.
    /// </summary>
    public bool IsSnapshot { get; }

    /// <summary>Where the event's last record sits in Kinesis.</summary>
    public KinesisPosition Position { get; }

    /// <summary>
    /// A key that is the same every time this event is delivered and different for every other event: the Neptune
    /// event id of its first record (<c>commitNum:opNum</c>).
    /// </summary>
    /// <remarks>Snapshot events share the commit number of the snapshot's position, so theirs adds the element:
    /// <c>snapshot:commitNum:v|e:id</c>.</remarks>
    public string IdempotencyKey => IsSnapshot
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"snapshot:{FirstEventId.CommitNum}:{(IsEdge ? "e" : "v")}:{Id}")
        : FirstEventId.ToString();

    /// <summary>True for vertex events.</summary>
    public bool IsVertex => Kind is GraphEventKind.VertexAdded or GraphEventKind.VertexUpdated or GraphEventKind.VertexDeleted;

    /// <summary>True for edge events.</summary>
    public bool IsEdge => Kind is GraphEventKind.EdgeAdded or GraphEventKind.EdgeUpdated or GraphEventKind.EdgeDeleted;

    /// <summary>True when the event carries <paramref name="label"/> (ordinal comparison).</summary>
    public bool HasLabel(string label)
    {
        // Index loops: enumerating an interface allocates, and this runs for every route of every event.
        IReadOnlyList<string> labels = Labels;
        for (int i = 0; i < labels.Count; i++)
        {
            if (string.Equals(labels[i], label, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The new value of a property, or null when this event did not add or change it.</summary>
    public PropertyValue? GetNewValue(string name)
    {
        foreach (var change in Properties)
        {
            if (string.Equals(change.Name, name, StringComparison.Ordinal))
            {
                return change.NewValue;
            }
        }

        return null;
    }

    /// <summary>
    /// Binds the added and changed property values to the user's own type through its source-generated JSON
    /// metadata (no reflection, Native-AOT safe). Names match members whatever their case (<c>name</c> binds to
    /// <c>Name</c>); a property with several values binds as an array.
    /// </summary>
    /// <exception cref="JsonException">The values do not fit <typeparamref name="T"/>.</exception>
    public T BindProperties<T>(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return Handlers.PropertyBinder<T>.For(typeInfo).Bind(this);
    }

    /// <summary>Writes the added and changed values as one JSON object (<c>{"name":value,…}</c>).</summary>
    public void WriteNewValues(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        IReadOnlyList<PropertyChange> properties = Properties;
        for (int i = 0; i < properties.Count; i++)
        {
            PropertyChange change = properties[i];
            if (change.NewValues.Count == 0)
            {
                continue;
            }

            writer.WritePropertyName(change.Name);
            if (change.NewValues.Count == 1)
            {
                change.NewValues[0].WriteTo(writer);
                continue;
            }

            writer.WriteStartArray();
            for (int v = 0; v < change.NewValues.Count; v++)
            {
                change.NewValues[v].WriteTo(writer);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>A description without property values, safe to log.</summary>
    public override string ToString() => $"{Kind} {Id} ({FirstEventId}, {Position})";
}
