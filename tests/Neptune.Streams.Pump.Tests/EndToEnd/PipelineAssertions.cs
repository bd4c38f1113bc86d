using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Local.NeptuneEndpoint;

namespace Neptune.Streams.Pump.Tests.EndToEnd;

/// <summary>Checks recorded events against the graph's own change log.</summary>
internal static class PipelineAssertions
{
    /// <summary>
    /// Every (commit, element) of the log arrived, in commit order per element; repeats only of an identical idempotency
    /// key. The elements in <paramref name="notDelivered"/> (sent elsewhere, e.g. dead-lettered) must not arrive at all.
    /// </summary>
    public static void EveryChangeArrivedInOrder(
        LocalGraph graph, IReadOnlyCollection<RecordedEvent> recorded, bool labelsAlwaysKnown = false, IReadOnlySet<string>? notDelivered = null)
    {
        StreamReadResult log = graph.Log.Read(false, StreamIteratorType.TrimHorizon, 0, 0, int.MaxValue);
        var expected = log.Entries.Where(e => notDelivered is null || !notDelivered.Contains(e.Id!)).Select(e => (e.CommitNum, e.Id!)).Distinct().ToHashSet();
        var firstKey = new Dictionary<(long, string), string>();
        foreach (RecordedEvent e in recorded)
        {
            if (firstKey.TryGetValue((e.CommitNum, e.Id), out string? key))
            {
                Assert.Equal(key, e.IdempotencyKey);
            }
            else
            {
                firstKey.Add((e.CommitNum, e.Id), e.IdempotencyKey);
            }
        }

        var missing = expected.Except(firstKey.Keys).Take(5).ToList();
        Assert.True(missing.Count == 0, $"{expected.Except(firstKey.Keys).Count()} changes never arrived, e.g. {string.Join(", ", missing)}");
        Assert.Empty(firstKey.Keys.Except(expected));

        foreach (var element in recorded.GroupBy(e => e.Id))
        {
            long last = 0;
            var delivered = new HashSet<long>();
            foreach (RecordedEvent e in element)
            {
                // A redelivery may repeat earlier commits; a commit never seen must not come after a newer one.
                Assert.True(e.CommitNum >= last || delivered.Contains(e.CommitNum), $"element {e.Id}: commit {e.CommitNum} first arrived after commit {last}");
                delivered.Add(e.CommitNum);
                last = Math.Max(last, e.CommitNum);
            }
        }

        // Labels of an update come from the pump's cache or a look-up; only an element deleted before a restarted pump
        // could look it up may arrive without them.
        Assert.All(recorded.Where(e => e.Kind == GraphEventKind.VertexUpdated), e =>
        {
            if (labelsAlwaysKnown || e.Labels.Length > 0 || graph.Describe(e.Id) is not null)
            {
                Assert.Equal(["person"], e.Labels);
            }
        });
        Assert.All(recorded.Where(e => e.Kind == GraphEventKind.EdgeUpdated), e =>
        {
            if (labelsAlwaysKnown || e.Labels.Length > 0 || graph.Describe(e.Id) is not null)
            {
                Assert.Equal(["follows"], e.Labels);
                Assert.NotNull(e.From);
            }
        });
    }
}
