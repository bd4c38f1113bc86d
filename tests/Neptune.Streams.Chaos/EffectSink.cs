using System.Collections.Concurrent;
using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Chaos;

/// <summary>
/// The downstream system: records every side effect applied (and every event the handler was given), in the order
/// they happened. It does not deduplicate anything itself, so an effect applied twice shows here.
/// </summary>
public sealed class EffectSink
{
    private readonly ConcurrentDictionary<string, List<NeptuneEventId>> _effects = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Id, NeptuneEventId EventId), (long LastInvocation, int Deliveries)> _received = new();

    /// <summary>Effects applied, per element id, in the order applied.</summary>
    public IReadOnlyDictionary<string, List<NeptuneEventId>> Effects => _effects;

    /// <summary>Invocations that handed each event to the handler (retries inside one invocation count once).</summary>
    public IEnumerable<int> Deliveries => _received.Values.Select(v => v.Deliveries);

    /// <summary>Counts a delivery of the event to the handler in invocation <paramref name="invocation"/>.</summary>
    public void Receive(GraphEvent graphEvent, long invocation) => _received.AddOrUpdate(
        (graphEvent.Id, graphEvent.FirstEventId),
        static (_, invocation) => (invocation, 1),
        static (_, v, invocation) => v.LastInvocation == invocation ? v : (invocation, v.Deliveries + 1),
        invocation);

    /// <summary>Applies the event's side effect.</summary>
    public void Apply(GraphEvent graphEvent)
    {
        List<NeptuneEventId> list = _effects.GetOrAdd(graphEvent.Id, static _ => []);
        lock (list)
        {
            list.Add(graphEvent.FirstEventId);
        }
    }

    /// <summary>How many of <paramref name="expected"/> (commits per element) were never applied.</summary>
    public int CountMissing(IReadOnlyDictionary<string, List<long>> expected)
    {
        int missing = 0;
        foreach ((string id, List<long> commits) in expected)
        {
            if (!_effects.TryGetValue(id, out List<NeptuneEventId>? applied))
            {
                missing += commits.Count;
                continue;
            }

            HashSet<long> done;
            lock (applied)
            {
                done = [.. applied.Select(e => e.CommitNum)];
            }

            missing += commits.Count(c => !done.Contains(c));
        }

        return missing;
    }
}
