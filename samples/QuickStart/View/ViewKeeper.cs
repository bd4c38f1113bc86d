using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;

namespace QuickStart.View;

/// <summary>Keeps the <see cref="MaterializedView"/>: a state-keeping handler, so it is registered with <c>IncludeSnapshot()</c>.</summary>
public sealed class ViewKeeper(MaterializedView view) : IGraphEventHandler
{
    /// <inheritdoc />
    public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
    {
        view.Apply(graphEvent);
        return ValueTask.CompletedTask;
    }
}
