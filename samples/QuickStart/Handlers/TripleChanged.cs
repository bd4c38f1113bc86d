using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;

namespace QuickStart.Handlers;

/// <summary>Every RDF statement added or removed: written as a JSON line.</summary>
public sealed class TripleChanged(EventWriter writer) : IGraphEventHandler
{
    /// <inheritdoc />
    public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
    {
        writer.Write(graphEvent);
        return ValueTask.CompletedTask;
    }
}
