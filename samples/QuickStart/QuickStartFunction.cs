using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.GraphEvents;
using QuickStart.Handlers;

namespace QuickStart;

/// <summary>The sample function: a handler per element kind and a typed handler for new people.</summary>
public sealed class QuickStartFunction(EventWriter writer, bool emitMetrics) : NeptuneStreamFunction
{
    /// <summary>Creates the function as Lambda does: events and EMF metrics on standard output.</summary>
    public QuickStartFunction()
        : this(new EventWriter(Console.OpenStandardOutput()), emitMetrics: true)
    {
    }

    /// <summary>Where events are written.</summary>
    public EventWriter Writer => writer;

    /// <inheritdoc />
    protected override void Configure(NeptuneStreamBuilder builder)
    {
        builder.Services.AddSingleton(writer);

        // Run locally, standard output carries the event lines and the response only.
        builder.Options.Metrics.Enabled = emitMetrics;
        builder
            .On<VertexChanged>(GraphEventKind.VertexAdded)
            .On<VertexChanged>(GraphEventKind.VertexUpdated)
            .On<VertexChanged>(GraphEventKind.VertexDeleted)
            .On<EdgeChanged>(GraphEventKind.EdgeAdded)
            .On<EdgeChanged>(GraphEventKind.EdgeUpdated)
            .On<EdgeChanged>(GraphEventKind.EdgeDeleted)
            .On<TripleChanged>(GraphEventKind.TripleAdded)
            .On<TripleChanged>(GraphEventKind.TripleRemoved)
            .On<PersonAdded>(GraphEventKind.VertexAdded, "person");
    }
}
