using Neptune.Streams.Pump.Neptune;

namespace Neptune.Streams.Pump.Pumping;

/// <summary>The labels (and edge endpoints) of recently seen elements, least recently used evicted first.</summary>
internal sealed class LabelCache
{
    private readonly int _capacity;
    private readonly Dictionary<(string, bool), LinkedListNode<((string, bool) Key, ElementLabels Value)>> _map = [];
    private readonly LinkedList<((string, bool) Key, ElementLabels Value)> _order = new();

    public LabelCache(int capacity) => _capacity = capacity;

    public int Count => _map.Count;

    public ElementLabels? Get(string id, bool isEdge)
    {
        if (!_map.TryGetValue((id, isEdge), out var node))
        {
            return null;
        }

        _order.Remove(node);
        _order.AddFirst(node);
        return node.Value.Value;
    }

    public void Set(string id, bool isEdge, ElementLabels labels)
    {
        if (_capacity == 0)
        {
            return;
        }

        Remove(id, isEdge);
        _map[(id, isEdge)] = _order.AddFirst(((id, isEdge), labels));
        if (_map.Count > _capacity)
        {
            var last = _order.Last!;
            _order.RemoveLast();
            _map.Remove(last.Value.Key);
        }
    }

    public void Remove(string id, bool isEdge)
    {
        if (_map.Remove((id, isEdge), out var node))
        {
            _order.Remove(node);
        }
    }
}
