using System.Globalization;

namespace Neptune.Streams.Local.NeptuneEndpoint;

/// <summary>
/// A small in-memory property graph (and RDF store) that writes Neptune's change-log stream: every call is one
/// transaction and appends the records real Neptune would (PG_JSON, NQUADS). Serve it with
/// <see cref="LocalNeptuneEndpoint"/>. Thread-safe.
/// </summary>
public sealed partial class LocalGraph
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ElementState> _vertices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ElementState> _edges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _incident = new(StringComparer.Ordinal);
    private readonly HashSet<string> _statements = new(StringComparer.Ordinal);

    /// <summary>Creates an empty graph whose stream keeps records for <paramref name="retention"/>.</summary>
    /// <param name="timeProvider">The clock of commit timestamps and retention; the system clock by default.</param>
    /// <param name="retention">How long the stream keeps records; Neptune's default, 7 days, by default.</param>
    public LocalGraph(TimeProvider? timeProvider = null, TimeSpan? retention = null)
    {
        TimeSpan keep = retention ?? TimeSpan.FromDays(7);
        if (keep <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(retention), keep, "The retention must be positive.");
        }

        Log = new ChangeLog(timeProvider ?? TimeProvider.System, keep);
    }

    /// <summary>Whether the stream API answers (false: <c>UnsupportedOperationException</c>, as with <c>neptune_streams = 0</c>).</summary>
    /// <value>true.</value>
    public bool StreamsEnabled { get; set; } = true;

    /// <summary>The commit number of the last transaction.</summary>
    public long LastCommitNum => Log.LastCommitNum;

    /// <summary>The ids of the vertices that exist now.</summary>
    public IReadOnlyList<string> VertexIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _vertices.Keys];
            }
        }
    }

    /// <summary>The ids of the edges that exist now.</summary>
    public IReadOnlyList<string> EdgeIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _edges.Keys];
            }
        }
    }

    internal ChangeLog Log { get; }

    /// <summary>Adds a vertex with its labels and properties in one transaction; returns its commit number.</summary>
    /// <exception cref="ArgumentException">The id exists, no label is given, or a value has an unsupported type.</exception>
    public long AddVertex(string id, IEnumerable<string> labels, IEnumerable<KeyValuePair<string, object>>? properties = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(labels);
        lock (_gate)
        {
            if (_vertices.ContainsKey(id) || _edges.ContainsKey(id))
            {
                throw new ArgumentException($"An element with id '{id}' exists already.", nameof(id));
            }

            var vertex = new ElementState { Id = id };
            vertex.Labels.AddRange(labels.Distinct(StringComparer.Ordinal));
            if (vertex.Labels.Count == 0 || vertex.Labels.Any(string.IsNullOrEmpty))
            {
                throw new ArgumentException("A vertex needs at least one non-empty label.", nameof(labels));
            }

            AddProperties(vertex, properties);
            long commit = Log.Commit((c, ts) =>
            {
                var ops = new List<ChangeLogEntry>();
                foreach (string label in vertex.Labels)
                {
                    ops.Add(Entry(c, ts, ops, "ADD", "vl", id, "label", (label, "String")));
                }

                AppendProperties(c, ts, ops, "ADD", "vp", vertex);
                return ops;
            });
            _vertices.Add(id, vertex);
            return commit;
        }
    }

    /// <summary>Adds an edge between two existing vertices, with its properties, in one transaction.</summary>
    /// <exception cref="ArgumentException">The id exists, an endpoint is missing, or a value has an unsupported type.</exception>
    public long AddEdge(string id, string label, string from, string to, IEnumerable<KeyValuePair<string, object>>? properties = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(label);
        lock (_gate)
        {
            if (_vertices.ContainsKey(id) || _edges.ContainsKey(id))
            {
                throw new ArgumentException($"An element with id '{id}' exists already.", nameof(id));
            }

            if (!_vertices.ContainsKey(from) || !_vertices.ContainsKey(to))
            {
                throw new ArgumentException($"Edge '{id}' needs existing vertices '{from}' and '{to}'.", nameof(from));
            }

            var edge = new ElementState { Id = id, From = from, To = to };
            edge.Labels.Add(label);
            AddProperties(edge, properties);
            long commit = Log.Commit((c, ts) =>
            {
                var ops = new List<ChangeLogEntry>
                {
                    new() { CommitNum = c, OpNum = 1, CommitTimestamp = ts, Op = "ADD", Type = "e", Id = id, Key = "label", Value = label, DataType = "String", From = from, To = to },
                };
                AppendProperties(c, ts, ops, "ADD", "ep", edge);
                return ops;
            });
            _edges.Add(id, edge);
            Incident(from).Add(id);
            Incident(to).Add(id);
            return commit;
        }
    }

    /// <summary>
    /// Sets a property of a vertex or edge in one transaction: an ADD, or a REMOVE of the old value then an ADD of the new.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No vertex or edge has this id.</exception>
    public long SetProperty(string id, string key, object value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            ElementState element = Find(id);
            var encoded = PropertyEncoding.Encode(value, key);
            string type = element.IsEdge ? "ep" : "vp";
            int index = element.IndexOf(key);
            long commit = Log.Commit((c, ts) =>
            {
                var ops = new List<ChangeLogEntry>();
                if (index >= 0)
                {
                    ops.Add(Entry(c, ts, ops, "REMOVE", type, id, key, element.Properties[index].Value));
                }

                ops.Add(Entry(c, ts, ops, "ADD", type, id, key, encoded));
                return ops;
            });
            if (index >= 0)
            {
                element.Properties[index] = new(key, encoded);
            }
            else
            {
                element.Properties.Add(new(key, encoded));
            }

            return commit;
        }
    }

    /// <summary>Removes a property of a vertex or edge in one transaction; nothing is written when it is not set.</summary>
    /// <exception cref="KeyNotFoundException">No vertex or edge has this id.</exception>
    public long RemoveProperty(string id, string key)
    {
        lock (_gate)
        {
            ElementState element = Find(id);
            int index = element.IndexOf(key);
            if (index < 0)
            {
                return Log.LastCommitNum;
            }

            var old = element.Properties[index].Value;
            long commit = Log.Commit((c, ts) =>
            {
                var ops = new List<ChangeLogEntry>();
                ops.Add(Entry(c, ts, ops, "REMOVE", element.IsEdge ? "ep" : "vp", id, key, old));
                return ops;
            });
            element.Properties.RemoveAt(index);
            return commit;
        }
    }

    /// <summary>
    /// Drops a vertex with its edges in one transaction, in Neptune's order: each incident edge's properties and the
    /// edge, then the vertex's properties, then its labels.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No vertex has this id.</exception>
    public long DropVertex(string id)
    {
        lock (_gate)
        {
            if (!_vertices.TryGetValue(id, out ElementState? vertex))
            {
                throw new KeyNotFoundException($"No vertex has id '{id}'.");
            }

            var edges = _incident.TryGetValue(id, out var set) ? set.Select(e => _edges[e]).ToList() : [];
            long commit = Log.Commit((c, ts) =>
            {
                var ops = new List<ChangeLogEntry>();
                foreach (ElementState edge in edges)
                {
                    AppendEdgeRemoval(c, ts, ops, edge);
                }

                AppendProperties(c, ts, ops, "REMOVE", "vp", vertex);
                foreach (string label in vertex.Labels)
                {
                    ops.Add(Entry(c, ts, ops, "REMOVE", "vl", id, "label", (label, "String")));
                }

                return ops;
            });
            foreach (ElementState edge in edges)
            {
                Forget(edge);
            }

            _vertices.Remove(id);
            _incident.Remove(id);
            return commit;
        }
    }

    /// <summary>Drops an edge in one transaction: its properties, then the edge.</summary>
    /// <exception cref="KeyNotFoundException">No edge has this id.</exception>
    public long DropEdge(string id)
    {
        lock (_gate)
        {
            if (!_edges.TryGetValue(id, out ElementState? edge))
            {
                throw new KeyNotFoundException($"No edge has id '{id}'.");
            }

            long commit = Log.Commit((c, ts) =>
            {
                var ops = new List<ChangeLogEntry>();
                AppendEdgeRemoval(c, ts, ops, edge);
                return ops;
            });
            Forget(edge);
            return commit;
        }
    }

    /// <summary>Adds an RDF statement in one transaction; terms in N-Triples form (<c>&lt;iri&gt;</c>, <c>"literal"</c>).</summary>
    public long AddStatement(string subject, string predicate, string obj, string? graph = null)
        => ChangeStatement("ADD", subject, predicate, obj, graph);

    /// <summary>Removes an RDF statement in one transaction; nothing is written when it is not there.</summary>
    public long RemoveStatement(string subject, string predicate, string obj, string? graph = null)
        => ChangeStatement("REMOVE", subject, predicate, obj, graph);

    /// <summary>The labels of a vertex or the label of an edge; null when no such element exists.</summary>
    internal (IReadOnlyList<string> Labels, string? From, string? To)? Describe(string id)
    {
        lock (_gate)
        {
            if (_vertices.TryGetValue(id, out var v))
            {
                return ([.. v.Labels], null, null);
            }

            return _edges.TryGetValue(id, out var e) ? ([.. e.Labels], e.From, e.To) : null;
        }
    }

    private long ChangeStatement(string op, string subject, string predicate, string obj, string? graph)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentException.ThrowIfNullOrEmpty(predicate);
        ArgumentException.ThrowIfNullOrEmpty(obj);
        string line = graph is null
            ? string.Create(CultureInfo.InvariantCulture, $"{subject} {predicate} {obj} .\n")
            : string.Create(CultureInfo.InvariantCulture, $"{subject} {predicate} {obj} {graph} .\n");
        lock (_gate)
        {
            bool changed = op == "ADD" ? _statements.Add(line) : _statements.Remove(line);
            if (!changed)
            {
                return Log.LastCommitNum;
            }

            return Log.Commit((c, ts) =>
                [new ChangeLogEntry { CommitNum = c, OpNum = 1, CommitTimestamp = ts, Op = op, Statement = line }]);
        }
    }

    private static void AddProperties(ElementState element, IEnumerable<KeyValuePair<string, object>>? properties)
    {
        foreach (var (key, value) in properties ?? [])
        {
            ArgumentException.ThrowIfNullOrEmpty(key, nameof(properties));
            ArgumentNullException.ThrowIfNull(value, nameof(properties));
            var encoded = PropertyEncoding.Encode(value, key);
            int index = element.IndexOf(key);
            if (index >= 0)
            {
                element.Properties[index] = new(key, encoded);
            }
            else
            {
                element.Properties.Add(new(key, encoded));
            }
        }
    }

    private static void AppendProperties(long c, long ts, List<ChangeLogEntry> ops, string op, string type, ElementState element)
    {
        foreach (var (key, value) in element.Properties)
        {
            ops.Add(Entry(c, ts, ops, op, type, element.Id, key, value));
        }
    }

    private static void AppendEdgeRemoval(long c, long ts, List<ChangeLogEntry> ops, ElementState edge)
    {
        AppendProperties(c, ts, ops, "REMOVE", "ep", edge);
        ops.Add(new ChangeLogEntry
        {
            CommitNum = c, OpNum = ops.Count + 1, CommitTimestamp = ts, Op = "REMOVE", Type = "e", Id = edge.Id, Key = "label",
            Value = edge.Labels[0], DataType = "String", From = edge.From, To = edge.To,
        });
    }

    private static ChangeLogEntry Entry(long c, long ts, List<ChangeLogEntry> ops, string op, string type, string id, string key, (object Value, string DataType) value) => new()
    {
        CommitNum = c, OpNum = ops.Count + 1, CommitTimestamp = ts, Op = op, Type = type, Id = id, Key = key,
        Value = value.Value, DataType = value.DataType,
    };

    private ElementState Find(string id)
    {
        if (_vertices.TryGetValue(id, out var vertex))
        {
            return vertex;
        }

        return _edges.TryGetValue(id, out var edge) ? edge : throw new KeyNotFoundException($"No vertex or edge has id '{id}'.");
    }

    private HashSet<string> Incident(string vertexId)
    {
        if (!_incident.TryGetValue(vertexId, out var set))
        {
            set = new HashSet<string>(StringComparer.Ordinal);
            _incident.Add(vertexId, set);
        }

        return set;
    }

    private void Forget(ElementState edge)
    {
        _edges.Remove(edge.Id);
        if (_incident.TryGetValue(edge.From!, out var a))
        {
            a.Remove(edge.Id);
        }

        if (_incident.TryGetValue(edge.To!, out var b))
        {
            b.Remove(edge.Id);
        }
    }
}
