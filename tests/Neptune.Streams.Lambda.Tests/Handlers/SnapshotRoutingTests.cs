using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;

namespace Neptune.Streams.Lambda.Tests.Handlers;

/// <summary>Snapshot events (the pump's <c>"snapshot":true</c> envelopes) reach only the handlers that opt in.</summary>
public sealed class SnapshotRoutingTests
{
    private static string SnapshotEnvelope(string id, string name) =>
        "{\"envelope\":\"neptune-streams/1\",\"id\":\"" + id + "\",\"labels\":[\"person\"],\"commitNum\":5,\"snapshot\":true,\"records\":["
        + "{\"commitTimestamp\":1,\"eventId\":{\"commitNum\":5,\"opNum\":1},\"data\":{\"id\":\"" + id + "\",\"type\":\"vl\",\"key\":\"label\",\"value\":{\"value\":\"person\",\"dataType\":\"String\"}},\"op\":\"ADD\"},"
        + "{\"commitTimestamp\":1,\"eventId\":{\"commitNum\":5,\"opNum\":2},\"data\":{\"id\":\"" + id + "\",\"type\":\"vp\",\"key\":\"name\",\"value\":{\"value\":\"" + name + "\",\"dataType\":\"String\"}},\"op\":\"ADD\",\"isLastOp\":true}]}";

    private static readonly string[] Payloads =
    [
        SnapshotEnvelope("v1", "Ada"),
        SnapshotEnvelope("v2", "Ben"),
        Batches.Pg(6, 1, "v3", "vl", "label", "person", last: true),
    ];

    [Fact]
    public async Task ByDefault_HandlersSeeOnlyChanges_AndIncludeSnapshotAddsTheExistingGraph()
    {
        var seen = new Seen();
        await using var function = new Function(b => b
            .On<Notifier>(GraphEventKind.VertexAdded, "person")
            .On<Indexer>(GraphEventKind.VertexAdded, "person").IncludeSnapshot(), seen);

        var response = await function.ProcessAsync(Batches.Of(Payloads));

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(["v3"], seen.Notified.Select(e => e.Id));
        Assert.Equal(["v1", "v2", "v3"], seen.Indexed.Select(e => e.Id));
        Assert.Equal([true, true, false], seen.Indexed.Select(e => e.IsSnapshot));
        Assert.Equal("Ada", seen.Indexed[0].GetNewValue("name")!.Value.Text);
        Assert.Equal(["snapshot:5:v:v1", "snapshot:5:v:v2", "6:1"], seen.Indexed.Select(e => e.IdempotencyKey));
    }

    [Fact]
    public async Task IncludeSnapshot_AfterSeveralKinds_AppliesToEveryKindOfThatRegistration()
    {
        var seen = new Seen();
        await using var function = new Function(b => b
            .On<Notifier>([GraphEventKind.EdgeAdded, GraphEventKind.VertexAdded])
            .On<Indexer>([GraphEventKind.EdgeAdded, GraphEventKind.VertexAdded]).IncludeSnapshot(), seen);

        await function.ProcessAsync(Batches.Of(Payloads));

        Assert.Equal(["v3"], seen.Notified.Select(e => e.Id));
        Assert.Equal(["v1", "v2", "v3"], seen.Indexed.Select(e => e.Id));
    }

    [Fact]
    public void IncludeSnapshot_BeforeAnyHandler_Throws()
    {
        var function = new Function(b => b.IncludeSnapshot(), new Seen());

        Assert.Throws<InvalidOperationException>(() => function.Services);
    }

    private sealed class Seen
    {
        public List<GraphEvent> Notified { get; } = [];

        public List<GraphEvent> Indexed { get; } = [];
    }

    private sealed class Function(Action<NeptuneStreamBuilder> configure, Seen seen) : NeptuneStreamFunction
    {
        protected override void Configure(NeptuneStreamBuilder builder)
        {
            builder.Services.AddSingleton(seen);
            configure(builder);
        }
    }

    private sealed class Notifier(Seen seen) : IGraphEventHandler
    {
        public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
        {
            seen.Notified.Add(graphEvent);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Indexer(Seen seen) : IGraphEventHandler
    {
        public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
        {
            seen.Indexed.Add(graphEvent);
            return ValueTask.CompletedTask;
        }
    }
}
