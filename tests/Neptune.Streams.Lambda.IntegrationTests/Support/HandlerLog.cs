using System.Collections.Concurrent;
using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.IntegrationTests.Support;

/// <summary>What reached the handlers, and a hook the test uses to stop or crash the batch at a chosen event.</summary>
internal sealed class HandlerLog
{
    private readonly ConcurrentQueue<string> _events = new();

    /// <summary>Called before an event is recorded, with how many events were recorded before it.</summary>
    public Action<GraphEvent, int>? BeforeEvent { get; set; }

    public IReadOnlyList<string> Events => [.. _events];

    public void Record(GraphEvent graphEvent)
    {
        BeforeEvent?.Invoke(graphEvent, _events.Count);
        _events.Enqueue($"{graphEvent.Kind} {graphEvent.IdempotencyKey}");
    }

    public void Clear() => _events.Clear();
}
