using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.GraphEvents;
using QuickStart.Handlers;

namespace QuickStart;

/// <summary>The sample function: a handler per element kind and a typed handler for new people.</summary>
public sealed class QuickStartFunction(EventWriter writer) : NeptuneStreamFunction
{
    /// <summary>Creates the function as Lambda's managed runtime does, writing events to standard output.</summary>
    public QuickStartFunction()
        : this(new EventWriter(Console.OpenStandardOutput()))
    {
    }

    /// <summary>Where events are written.</summary>
    public EventWriter Writer => writer;

    /// <inheritdoc />
    protected override void Configure(NeptuneStreamBuilder builder)
    {
        builder.Services.AddSingleton(writer);
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
