using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Benchmarks;

/// <summary>The framework doing all its work: decode, parse, assemble, dispatch to typed handlers.</summary>
public sealed class BenchmarkFunction : NeptuneStreamFunction
{
    public Counter Counter { get; } = new();

    protected override void Configure(NeptuneStreamBuilder builder)
    {
        builder.Services.AddSingleton(Counter);
        builder.Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);

        // EMF lines go to stdout, which would interleave with the table; the summary they are built from is still kept.
        builder.Options.Metrics.Enabled = false;
        builder
            .On<PersonAdded>(GraphEventKind.VertexAdded, "person")
            .On<FollowAdded>(GraphEventKind.EdgeAdded, "follows")
            .On<VertexUpdated>(GraphEventKind.VertexUpdated);
    }
}

public sealed class Counter
{
    public long Events { get; set; }
}
