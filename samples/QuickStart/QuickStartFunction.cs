using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.Checkpoints;
using Neptune.Streams.Lambda.DeadLetters;
using QuickStart.Handlers;
using QuickStart.View;

namespace QuickStart;

/// <summary>
/// The sample function: a handler per element kind and a typed handler for new people. The local pipeline and the
/// fixture replay change it with <see cref="NeptuneStreamFunction.Override"/> (their <see cref="EventWriter"/>,
/// checkpoints); <c>--event</c> runs it through <c>LambdaBootstrap</c>, which prints the events itself.
/// </summary>
public sealed class QuickStartFunction : NeptuneStreamFunction
{
    /// <summary>The graph as rebuilt from the events (snapshot events included), to compare with the graph itself.</summary>
    public MaterializedView View { get; } = new();

    /// <inheritdoc />
    protected override void Configure(NeptuneStreamBuilder builder)
    {
        // Counts events and writes nothing unless a local run overrides it with its own writer.
        builder.Services.AddSingleton(new EventWriter(Stream.Null) { Format = EventFormat.None });
        builder.Services.AddSingleton(View);

        // Deployed by template.yaml, the function finds its table, queue and settings in its environment; run on an
        // event file it has none of them: no checkpoints (each file is a replay of its own) and no dead-letter sink.
        if (Environment.GetEnvironmentVariable("NEPTUNE_STREAMS_METRICS_NAMESPACE") is { Length: > 0 } metricsNamespace)
        {
            builder.Options.Metrics.Namespace = metricsNamespace;
        }

        if (Environment.GetEnvironmentVariable("NEPTUNE_STREAMS_TABLE_NAME") is { Length: > 0 } table)
        {
            var scope = Enum.TryParse<CheckpointScope>(Environment.GetEnvironmentVariable("NEPTUNE_STREAMS_CHECKPOINT_SCOPE"), out var parsed)
                ? parsed
                : CheckpointScope.Shard;
            builder.UseDynamoDbCheckpoints(table, o => o.Scope = scope);
        }

        if (Environment.GetEnvironmentVariable("NEPTUNE_STREAMS_DEAD_LETTER_QUEUE_URL") is { Length: > 0 } queueUrl)
        {
            string? bucket = Environment.GetEnvironmentVariable("NEPTUNE_STREAMS_DEAD_LETTER_BUCKET");
            builder.UseSqsDeadLetters(queueUrl, o => o.LargeRecordBucket = string.IsNullOrEmpty(bucket) ? null : bucket);
        }

        // State-keeping handlers (the view, the event log) opt in to snapshot events; PersonAdded, a "someone new
        // joined" effect, sees only people who join from now on.
        // (Snapshot events are VertexAdded and EdgeAdded, so IncludeSnapshot on a several-kind route concerns those.)
        builder
            .OnAny<ViewKeeper>().IncludeSnapshot()
            .On<VertexChanged>([GraphEventKind.VertexAdded, GraphEventKind.VertexUpdated, GraphEventKind.VertexDeleted]).IncludeSnapshot()
            .On<EdgeChanged>([GraphEventKind.EdgeAdded, GraphEventKind.EdgeUpdated, GraphEventKind.EdgeDeleted]).IncludeSnapshot()
            .On<TripleChanged>([GraphEventKind.TripleAdded, GraphEventKind.TripleRemoved])
            .On<PersonAdded>(GraphEventKind.VertexAdded, "person");
    }
}
