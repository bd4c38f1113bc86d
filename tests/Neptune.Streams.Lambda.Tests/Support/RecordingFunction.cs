using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;

namespace Neptune.Streams.Lambda.Tests.Support;

/// <summary>A function whose one handler records every event and can be told to fail.</summary>
internal sealed class RecordingFunction(Action<NeptuneStreamBuilder>? configure = null) : NeptuneStreamFunction
{
    public Recorder Recorder { get; } = new();

    protected override void Configure(NeptuneStreamBuilder builder)
    {
        builder.Services.AddSingleton(Recorder);
        builder.Options.Retry.BaseDelay = TimeSpan.Zero;
        builder.OnAny<RecordingHandler>();
        configure?.Invoke(builder);
    }
}

/// <summary>What the recording handler saw, and when it should fail.</summary>
internal sealed class Recorder
{
    public List<GraphEvent> Events { get; } = [];

    public int Calls { get; set; }

    /// <summary>Decides per event whether the handler throws (and what).</summary>
    public Func<GraphEvent, int, Exception?> FailWhen { get; set; } = (_, _) => null;
}

internal sealed class RecordingHandler(Recorder recorder) : IGraphEventHandler
{
    public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
    {
        recorder.Calls++;
        if (recorder.FailWhen(graphEvent, context.Attempt) is { } failure)
        {
            throw failure;
        }

        recorder.Events.Add(graphEvent);
        return ValueTask.CompletedTask;
    }
}
