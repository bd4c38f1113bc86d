using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;

namespace Neptune.Streams.Lambda.Tests.Handlers;

/// <summary>
/// Issue 11 item 6: an envelope the pump marked <c>"labelsUnknown":true</c> (the element was deleted before the pump
/// looked its labels up) becomes an event with no labels and <see cref="GraphEvent.LabelsUnknown"/>; label-routed
/// handlers cannot match it, handlers for any label get it, and it is counted and logged by element id, never value.
/// </summary>
public sealed class UnlabelledEventTests
{
    private static string Envelope(string id, long commit, string type, string key, string value, bool labelsUnknown) =>
        "{\"envelope\":\"neptune-streams/1\",\"id\":\"" + id + "\"," + (labelsUnknown ? "\"labelsUnknown\":true," : "\"labels\":[\"person\"],")
        + "\"commitNum\":" + commit + ",\"records\":["
        + "{\"commitTimestamp\":1,\"eventId\":{\"commitNum\":" + commit + ",\"opNum\":1},\"data\":{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"key\":\"" + key
        + "\",\"value\":{\"value\":\"" + value + "\",\"dataType\":\"String\"}},\"op\":\"ADD\",\"isLastOp\":true}]}";

    [Fact]
    public async Task A_labelsUnknown_envelope_reaches_only_any_label_handlers_flagged_counted_and_logged_without_values()
    {
        var seen = new Seen();
        await using var function = new Function(b => b
            .On<PersonHandler>(GraphEventKind.VertexUpdated, "person")
            .OnAny<AnyHandler>(), seen);

        var result = await function.ProcessBatchAsync(Batches.Of(
            Envelope("person-33", 316, "vp", "name", "Secret-Ann", labelsUnknown: true),
            Envelope("person-34", 317, "vp", "name", "Bob", labelsUnknown: false)), null, CancellationToken.None);

        Assert.Empty(result.Response.BatchItemFailures);
        Assert.Equal(["person-34"], seen.Person.Select(e => e.Id));
        Assert.Equal(["person-33", "person-34"], seen.Any.Select(e => e.Id));
        GraphEvent unlabelled = seen.Any[0];
        Assert.True(unlabelled.LabelsUnknown);
        Assert.Empty(unlabelled.Labels);
        Assert.Equal(GraphEventKind.VertexUpdated, unlabelled.Kind);
        Assert.False(seen.Any[1].LabelsUnknown);
        Assert.Equal(1, result.Summary.UnlabelledEvents);
        string warning = Assert.Single(seen.Logs, l => l.Contains("person-33", StringComparison.Ordinal));
        Assert.StartsWith("Warning", warning, StringComparison.Ordinal);
        Assert.Contains("316:1", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(seen.Logs, l => l.Contains("Secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_edge_change_marked_labelsUnknown_is_flagged_and_no_label_route_matches_it()
    {
        var seen = new Seen();
        await using var function = new Function(b => b
            .OnAny<PersonHandler>("follows")
            .OnAny<AnyHandler>(), seen);

        var result = await function.ProcessBatchAsync(Batches.Of(
            Envelope("follows-167", 400, "ep", "since", "2020", labelsUnknown: true)), null, CancellationToken.None);

        Assert.Empty(seen.Person);
        GraphEvent edge = Assert.Single(seen.Any);
        Assert.Equal(GraphEventKind.EdgeUpdated, edge.Kind);
        Assert.True(edge.LabelsUnknown);
        Assert.Equal(1, result.Summary.UnlabelledEvents);
    }

    private sealed class Seen : LogCapture
    {
        public List<GraphEvent> Person { get; } = [];

        public List<GraphEvent> Any { get; } = [];
    }

    private sealed class Function(Action<NeptuneStreamBuilder> configure, Seen seen) : NeptuneStreamFunction
    {
        protected override void Configure(NeptuneStreamBuilder builder)
        {
            builder.Services.AddSingleton(seen);
            builder.Services.AddLogging(l => l.AddProvider(seen));
            builder.Options.Metrics.Enabled = false;
            configure(builder);
        }
    }

    private sealed class PersonHandler(Seen seen) : IGraphEventHandler
    {
        public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
        {
            seen.Person.Add(graphEvent);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class AnyHandler(Seen seen) : IGraphEventHandler
    {
        public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
        {
            seen.Any.Add(graphEvent);
            return ValueTask.CompletedTask;
        }
    }
}
