using System.Collections.Concurrent;
using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Chaos;

/// <summary>
/// The downstream system: records every side effect applied (and every event the handler was given), in the order
/// they happened. It does not deduplicate anything itself, so an effect applied twice shows here.
/// </summary>
public sealed class EffectSink
{
    private readonly ConcurrentDictionary<string, List<AppliedEffect>> _effects = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Id, NeptuneEventId EventId), (long LastInvocation, int Deliveries)> _received = new();
    private long _applied;
    private volatile bool _redriving;

    /// <summary>Effects applied, per element id, in the order applied.</summary>
    public IReadOnlyDictionary<string, List<AppliedEffect>> Effects => _effects;

    /// <summary>Invocations that handed each event to the handler (retries inside one invocation count once).</summary>
    public IEnumerable<int> Deliveries => _received.Values.Select(v => v.Deliveries);

    /// <summary>The graph as the applied effects rebuild it (QuickStart's view), compared with the graph by the snapshot variant.</summary>
    public QuickStart.View.MaterializedView View { get; } = new();

    /// <summary>Effects applied so far (a run watches it to see whether anything still moves).</summary>
    public long Applied => Interlocked.Read(ref _applied);

    /// <summary>Marks every effect from now on as coming after the redrive started.</summary>
    public void StartRedrive() => _redriving = true;

    /// <summary>Counts a delivery of the event to the handler in invocation <paramref name="invocation"/>.</summary>
    public void Receive(GraphEvent graphEvent, long invocation) => _received.AddOrUpdate(
        (graphEvent.Id, graphEvent.FirstEventId),
        static (_, invocation) => (invocation, 1),
        static (_, v, invocation) => v.LastInvocation == invocation ? v : (invocation, v.Deliveries + 1),
        invocation);

    /// <summary>Applies the event's side effect.</summary>
    public void Apply(GraphEvent graphEvent)
    {
        ArgumentNullException.ThrowIfNull(graphEvent);
        List<AppliedEffect> list = _effects.GetOrAdd(graphEvent.Id, static _ => []);
        lock (list)
        {
            list.Add(new AppliedEffect(graphEvent.FirstEventId, graphEvent.LastEventId, graphEvent.Labels.Count == 0 && !graphEvent.LabelsUnknown, _redriving, graphEvent.Kind, graphEvent.IsSnapshot, graphEvent.LabelsUnknown));
            View.Apply(graphEvent);
        }

        Interlocked.Increment(ref _applied);
    }

    /// <summary>
    /// How many of <paramref name="expected"/> (commits per element) were never applied; for the elements of
    /// <paramref name="operations"/> (one commit each), also those whose applied effects did not cover every operation.
    /// </summary>
    public int CountMissing(IReadOnlyDictionary<string, List<long>> expected, IReadOnlyDictionary<string, int>? operations = null)
    {
        int missing = 0;
        Walk(expected, operations, (_, _, _) => missing++);
        return missing;
    }

    /// <summary>
    /// What <see cref="CountMissing"/> counts, one line each: the element, the commit, what became of it and which of
    /// the element's events reached the handler (for the audit at the end; the wait loop, polling every second, counts).
    /// </summary>
    public List<string> Missing(IReadOnlyDictionary<string, List<long>> expected, IReadOnlyDictionary<string, int>? operations = null)
    {
        var missing = new List<string>();
        Walk(expected, operations, (id, commit, what) => missing.Add($"{id} commit {commit}: {what} ({Received(id)})"));
        return missing;
    }

    private void Walk(IReadOnlyDictionary<string, List<long>> expected, IReadOnlyDictionary<string, int>? operations, Action<string, long, string> missing)
    {
        foreach ((string id, List<long> commits) in expected)
        {
            if (!_effects.TryGetValue(id, out List<AppliedEffect>? applied))
            {
                commits.ForEach(commit => missing(id, commit, "never applied"));
                continue;
            }

            HashSet<long> done;
            HashSet<long> ops = [];
            lock (applied)
            {
                done = [.. applied.Select(e => e.First.CommitNum)];
                foreach (AppliedEffect effect in applied)
                {
                    for (long op = effect.First.OpNum; op <= effect.Last.OpNum && effect.Last.CommitNum == effect.First.CommitNum; op++)
                    {
                        ops.Add(op);
                    }
                }
            }

            foreach (long commit in commits.Where(c => !done.Contains(c)))
            {
                missing(id, commit, "not applied");
            }

            if (operations is not null && operations.TryGetValue(id, out int count) && done.Count > 0
                && Enumerable.Range(1, count).Any(op => !ops.Contains(op)))
            {
                // Applied, but without some of the commit's changes: a change was lost.
                missing(id, done.Min(), $"applied without operations {string.Join(",", Enumerable.Range(1, count).Where(op => !ops.Contains(op)))} of {count}");
            }
        }
    }

    private string Received(string id) =>
        "received: " + string.Join(", ", _received.Where(r => r.Key.Id == id).Select(r => $"{r.Key.EventId} x{r.Value.Deliveries}").Order(StringComparer.Ordinal));
}
