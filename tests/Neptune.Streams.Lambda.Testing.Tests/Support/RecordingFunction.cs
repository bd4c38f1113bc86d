using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;

namespace Neptune.Streams.Lambda.Testing.Tests.Support;

/// <summary>A function with one handler for every event, which records what it got and fails for the ids it is told to.</summary>
internal sealed class RecordingFunction(EventLog log) : NeptuneStreamFunction
{
    protected override void Configure(NeptuneStreamBuilder builder)
    {
        builder.Services.AddSingleton(log);
        builder.OnAny<RecordingHandler>();
    }
}

/// <summary>What the handler saw, in order; ids in <see cref="FailFor"/> fail permanently (no in-invocation retry).</summary>
internal sealed class EventLog
{
    private readonly Lock _gate = new();
    private readonly List<GraphEvent> _events = [];

    public HashSet<string> FailFor { get; } = [];

    public IReadOnlyList<GraphEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public void Add(GraphEvent graphEvent)
    {
        lock (_gate)
        {
            _events.Add(graphEvent);
        }
    }
}

internal sealed class RecordingHandler(EventLog log) : IGraphEventHandler
{
    public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
    {
        if (log.FailFor.Contains(graphEvent.Id))
        {
            throw new PermanentHandlerException($"{graphEvent.Id} is rejected by the test.");
        }

        log.Add(graphEvent);
        return ValueTask.CompletedTask;
    }
}
