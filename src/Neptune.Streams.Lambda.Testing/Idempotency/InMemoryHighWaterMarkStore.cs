using System.Collections.Concurrent;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Idempotency;

namespace Neptune.Streams.Lambda.Testing;

/// <summary>An <see cref="IHighWaterMarkStore"/> in memory: per handler and element, the last Neptune event applied.</summary>
public sealed class InMemoryHighWaterMarkStore : IHighWaterMarkStore
{
    private readonly ConcurrentDictionary<(string Handler, string ElementId), NeptuneEventId> _marks = new();

    /// <summary>How many marks the store holds.</summary>
    public int Count => _marks.Count;

    /// <inheritdoc />
    public ValueTask<NeptuneEventId?> GetAsync(string handler, string elementId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(handler);
        ArgumentException.ThrowIfNullOrEmpty(elementId);
        return ValueTask.FromResult<NeptuneEventId?>(_marks.TryGetValue((handler, elementId), out NeptuneEventId mark) ? mark : null);
    }

    /// <inheritdoc />
    public ValueTask<bool> TryAdvanceAsync(string handler, string elementId, NeptuneEventId eventId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(handler);
        ArgumentException.ThrowIfNullOrEmpty(elementId);
        var key = (handler, elementId);
        while (true)
        {
            if (!_marks.TryGetValue(key, out NeptuneEventId current))
            {
                if (_marks.TryAdd(key, eventId))
                {
                    return ValueTask.FromResult(true);
                }

                continue;
            }

            if (current >= eventId)
            {
                return ValueTask.FromResult(false);
            }

            if (_marks.TryUpdate(key, eventId, current))
            {
                return ValueTask.FromResult(true);
            }
        }
    }
}
