using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;

namespace Neptune.Streams.Pump.Tests.EndToEnd;

/// <summary>A function built on <see cref="NeptuneStreamFunction"/> whose one handler records every event it is given.</summary>
internal sealed class RecordingFunction(ConcurrentQueue<RecordedEvent> recorded) : NeptuneStreamFunction
{
    protected override void Configure(NeptuneStreamBuilder builder)
    {
        builder.Services.AddSingleton(recorded);
        builder.Services.AddLogging();
        builder.OnAny<RecordingHandler>();
    }

    private sealed class RecordingHandler(ConcurrentQueue<RecordedEvent> recorded) : IGraphEventHandler
    {
        public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
        {
            recorded.Enqueue(new RecordedEvent(graphEvent.Kind, graphEvent.Id, graphEvent.CommitNum, [.. graphEvent.Labels], graphEvent.From, graphEvent.To, context.IdempotencyKey));
            return ValueTask.CompletedTask;
        }
    }
}
