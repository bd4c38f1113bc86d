using System.Text;
using System.Text.Json;
using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.Testing;

/// <summary>
/// Writes Neptune Streams change records as Neptune does (PG_JSON for property graphs, NQUADS for RDF): one record per
/// operation, numbered <c>commitNum:opNum</c>, the last operation of each commit marked <c>isLastOp</c>. Start a commit
/// with <see cref="Commit"/>, add operations, then hand the builder to
/// <see cref="KinesisEventBuilder.AddChanges(NeptuneChangeBuilder, string?)"/> or read <see cref="Build"/>.
/// </summary>
/// <remarks>
/// Property values are <c>string</c>, <c>bool</c>, <c>int</c>, <c>long</c>, <c>double</c>, <c>float</c>, <c>decimal</c>,
/// <c>DateTimeOffset</c>/<c>DateTime</c> (written as a <c>Date</c> in epoch milliseconds) or a
/// <see cref="PropertyValue"/> for anything else.
/// </remarks>
public sealed class NeptuneChangeBuilder
{
    private readonly List<Operation> _operations = [];
    private long _commitNum;
    private long _opNum;
    private DateTimeOffset _commitTimestamp;
    private bool _inCommit;

    /// <summary>Creates a builder whose first <see cref="Commit"/> gets <paramref name="firstCommitNum"/>.</summary>
    /// <param name="firstCommitNum">The commit number of the first commit; later commits count up from it.</param>
    /// <param name="firstCommitTimestamp">The first commit's timestamp; later commits are one second apart. Defaults to 2024-06-10T09:15:02.113Z.</param>
    public NeptuneChangeBuilder(long firstCommitNum = 1, DateTimeOffset? firstCommitTimestamp = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(firstCommitNum);
        _commitNum = firstCommitNum - 1;
        _commitTimestamp = (firstCommitTimestamp ?? DateTimeOffset.FromUnixTimeMilliseconds(1718010902113)) - TimeSpan.FromSeconds(1);
    }

    /// <summary>The commit the next operation belongs to (one before the first commit's number until a commit is open).</summary>
    public long CommitNum => _commitNum;

    /// <summary>The event id of the last operation added.</summary>
    /// <exception cref="InvalidOperationException">No operation was added yet.</exception>
    public NeptuneEventId LastEventId => _operations.Count > 0
        ? _operations[^1].EventId
        : throw new InvalidOperationException("No change was added yet.");

    /// <summary>Starts the next commit: its operations get the next commit number and op numbers from 1.</summary>
    /// <param name="timestamp">The commit's timestamp; by default one second after the previous commit.</param>
    public NeptuneChangeBuilder Commit(DateTimeOffset? timestamp = null)
    {
        _commitNum++;
        _opNum = 0;
        _inCommit = true;
        _commitTimestamp = timestamp ?? _commitTimestamp + TimeSpan.FromSeconds(1);
        return this;
    }

    /// <summary>A vertex added: its label (<c>vl</c>) and properties (<c>vp</c>).</summary>
    /// <param name="id">The vertex id.</param>
    /// <param name="label">The vertex label.</param>
    /// <param name="properties">The vertex's properties.</param>
    public NeptuneChangeBuilder AddVertex(string id, string label, params (string Name, object Value)[] properties)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        AddPg("ADD", "vl", id, "label", new PropertyValue(label, PropertyValueKind.String, "String"));
        foreach ((string name, object value) in properties ?? [])
        {
            AddVertexProperty(id, name, value);
        }

        return this;
    }

    /// <summary>A label added to an existing vertex (<c>vl</c>, <c>ADD</c>).</summary>
    /// <param name="id">The vertex id.</param>
    /// <param name="label">The label.</param>
    public NeptuneChangeBuilder AddVertexLabel(string id, string label) =>
        AddPg("ADD", "vl", id, "label", new PropertyValue(label, PropertyValueKind.String, "String"));

    /// <summary>A vertex property value added (<c>vp</c>, <c>ADD</c>).</summary>
    /// <param name="id">The vertex id.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value.</param>
    public NeptuneChangeBuilder AddVertexProperty(string id, string name, object value) =>
        AddPg("ADD", "vp", id, name, TestValue.From(value, nameof(value)));

    /// <summary>A vertex property value removed (<c>vp</c>, <c>REMOVE</c>).</summary>
    /// <param name="id">The vertex id.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value removed.</param>
    public NeptuneChangeBuilder RemoveVertexProperty(string id, string name, object value) =>
        AddPg("REMOVE", "vp", id, name, TestValue.From(value, nameof(value)));

    /// <summary>A vertex property changed: its old value removed, its new value added, as Neptune writes a <c>property()</c> update.</summary>
    /// <param name="id">The vertex id.</param>
    /// <param name="name">The property name.</param>
    /// <param name="oldValue">The value before.</param>
    /// <param name="newValue">The value after.</param>
    public NeptuneChangeBuilder SetVertexProperty(string id, string name, object oldValue, object newValue) =>
        RemoveVertexProperty(id, name, oldValue).AddVertexProperty(id, name, newValue);

    /// <summary>A vertex dropped: its properties (<c>vp</c>) and label (<c>vl</c>) removed.</summary>
    /// <param name="id">The vertex id.</param>
    /// <param name="label">The vertex label.</param>
    /// <param name="properties">The properties it had.</param>
    public NeptuneChangeBuilder RemoveVertex(string id, string label, params (string Name, object Value)[] properties)
    {
        foreach ((string name, object value) in properties ?? [])
        {
            RemoveVertexProperty(id, name, value);
        }

        return AddPg("REMOVE", "vl", id, "label", new PropertyValue(label, PropertyValueKind.String, "String"));
    }

    /// <summary>An edge added (<c>e</c>) with its properties (<c>ep</c>).</summary>
    /// <param name="id">The edge id.</param>
    /// <param name="label">The edge label.</param>
    /// <param name="from">The id of the vertex the edge leaves.</param>
    /// <param name="to">The id of the vertex the edge enters.</param>
    /// <param name="properties">The edge's properties.</param>
    public NeptuneChangeBuilder AddEdge(string id, string label, string from, string to, params (string Name, object Value)[] properties)
    {
        AddEdgeRecord("ADD", id, label, from, to);
        foreach ((string name, object value) in properties ?? [])
        {
            AddEdgeProperty(id, name, value);
        }

        return this;
    }

    /// <summary>An edge property value added (<c>ep</c>, <c>ADD</c>).</summary>
    /// <param name="id">The edge id.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value.</param>
    public NeptuneChangeBuilder AddEdgeProperty(string id, string name, object value) =>
        AddPg("ADD", "ep", id, name, TestValue.From(value, nameof(value)));

    /// <summary>An edge property value removed (<c>ep</c>, <c>REMOVE</c>).</summary>
    /// <param name="id">The edge id.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value removed.</param>
    public NeptuneChangeBuilder RemoveEdgeProperty(string id, string name, object value) =>
        AddPg("REMOVE", "ep", id, name, TestValue.From(value, nameof(value)));

    /// <summary>An edge dropped: its properties (<c>ep</c>) and the edge (<c>e</c>) removed.</summary>
    /// <param name="id">The edge id.</param>
    /// <param name="label">The edge label.</param>
    /// <param name="from">The id of the vertex the edge left.</param>
    /// <param name="to">The id of the vertex the edge entered.</param>
    /// <param name="properties">The properties it had.</param>
    public NeptuneChangeBuilder RemoveEdge(string id, string label, string from, string to, params (string Name, object Value)[] properties)
    {
        foreach ((string name, object value) in properties ?? [])
        {
            RemoveEdgeProperty(id, name, value);
        }

        return AddEdgeRecord("REMOVE", id, label, from, to);
    }

    /// <summary>An RDF statement added (NQUADS).</summary>
    /// <param name="statement">One N-Quads line, such as <c>&lt;http://example.org/alice&gt; &lt;http://example.org/name&gt; "Alice" .</c>.</param>
    public NeptuneChangeBuilder AddStatement(string statement) => AddNQuad("ADD", statement);

    /// <summary>An RDF statement removed (NQUADS).</summary>
    /// <param name="statement">One N-Quads line.</param>
    public NeptuneChangeBuilder RemoveStatement(string statement) => AddNQuad("REMOVE", statement);

    /// <summary>The change records, one JSON document per operation, in commit order.</summary>
    public IReadOnlyList<string> Build()
    {
        var records = new List<string>(_operations.Count);
        for (int i = 0; i < _operations.Count; i++)
        {
            bool lastOfCommit = i == _operations.Count - 1 || _operations[i + 1].EventId.CommitNum != _operations[i].EventId.CommitNum;
            records.Add(Write(_operations[i], lastOfCommit));
        }

        return records;
    }

    private NeptuneChangeBuilder AddEdgeRecord(string op, string id, string label, string from, string to)
    {
        ArgumentException.ThrowIfNullOrEmpty(from);
        ArgumentException.ThrowIfNullOrEmpty(to);
        return AddPg(op, "e", id, "label", new PropertyValue(label, PropertyValueKind.String, "String"), from, to);
    }

    private NeptuneChangeBuilder AddPg(string op, string type, string id, string key, PropertyValue value, string? from = null, string? to = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(key);
        _operations.Add(new Operation(NextEventId(), _commitTimestamp, op, new PgData(type, id, key, value, from, to), null));
        return this;
    }

    private NeptuneChangeBuilder AddNQuad(string op, string statement)
    {
        ArgumentException.ThrowIfNullOrEmpty(statement);
        string line = statement.EndsWith('\n') ? statement : statement + "\n";
        _operations.Add(new Operation(NextEventId(), _commitTimestamp, op, null, line));
        return this;
    }

    private NeptuneEventId NextEventId()
    {
        // An operation added before any Commit() opens the first commit (firstCommitNum).
        if (!_inCommit)
        {
            Commit();
        }

        return new NeptuneEventId(_commitNum, ++_opNum);
    }

    private static string Write(Operation operation, bool lastOfCommit)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("commitTimestamp", operation.CommitTimestamp.ToUnixTimeMilliseconds());
            writer.WriteStartObject("eventId");
            writer.WriteNumber("commitNum", operation.EventId.CommitNum);
            writer.WriteNumber("opNum", operation.EventId.OpNum);
            writer.WriteEndObject();
            writer.WriteStartObject("data");
            if (operation.Pg is { } pg)
            {
                writer.WriteString("id", pg.Id);
                writer.WriteString("type", pg.Type);
                writer.WriteString("key", pg.Key);
                writer.WriteStartObject("value");
                writer.WritePropertyName("value");
                WriteValue(writer, pg.Value);
                writer.WriteString("dataType", pg.Value.DataType ?? "String");
                writer.WriteEndObject();
                if (pg.From is not null)
                {
                    writer.WriteString("from", pg.From);
                    writer.WriteString("to", pg.To);
                }
            }
            else
            {
                writer.WriteString("stmt", operation.Statement);
            }

            writer.WriteEndObject();
            writer.WriteString("op", operation.Op);
            if (lastOfCommit)
            {
                writer.WriteBoolean("isLastOp", true);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteValue(Utf8JsonWriter writer, PropertyValue value)
    {
        switch (value.Kind)
        {
            case PropertyValueKind.None:
                writer.WriteNullValue();
                break;
            case PropertyValueKind.Number:
                writer.WriteRawValue(value.Text!, skipInputValidation: false);
                break;
            case PropertyValueKind.Boolean:
                writer.WriteBooleanValue(value.TryGetBoolean(out bool flag) && flag);
                break;
            default:
                writer.WriteStringValue(value.Text);
                break;
        }
    }

    private sealed record Operation(NeptuneEventId EventId, DateTimeOffset CommitTimestamp, string Op, PgData? Pg, string? Statement);

    private sealed record PgData(string Type, string Id, string Key, PropertyValue Value, string? From, string? To);
}
