using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;

namespace Neptune.Streams.Benchmarks;

/// <summary>A typed handler (binds its properties) and two plain ones: the dispatch the benchmark measures.</summary>
public sealed class PersonAdded(Counter counter) : GraphEventHandler<PersonProperties>(BenchJsonContext.Default.PersonProperties)
{
    protected override ValueTask HandleAsync(GraphEvent graphEvent, PersonProperties properties, GraphEventContext context, CancellationToken cancellationToken)
    {
        counter.Events += properties.Name is null ? 0 : 1;
        return ValueTask.CompletedTask;
    }
}

public sealed class FollowAdded(Counter counter) : IGraphEventHandler
{
    public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
    {
        counter.Events += graphEvent.From is null ? 0 : 1;
        return ValueTask.CompletedTask;
    }
}

public sealed class VertexUpdated(Counter counter) : IGraphEventHandler
{
    public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
    {
        counter.Events += graphEvent.Properties.Count;
        return ValueTask.CompletedTask;
    }
}
