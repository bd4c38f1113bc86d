using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;

namespace Neptune.Streams.Lambda.IntegrationTests.Support;

/// <summary>Records every event it gets in the shared <see cref="HandlerLog"/>.</summary>
internal sealed class RecordingHandler(HandlerLog log) : IGraphEventHandler
{
    public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
    {
        // A handler that honours its token: once the batch is stopped, the next event fails instead of running.
        cancellationToken.ThrowIfCancellationRequested();
        log.Record(graphEvent);
        return ValueTask.CompletedTask;
    }
}
