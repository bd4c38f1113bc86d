using System.Text.Json;
using Microsoft.Extensions.Logging;
using Neptune.Streams.Pump.Pumping;

namespace Neptune.Streams.Pump.Tests.Pumping;

/// <summary>
/// Issue 11 item 6 (found by the chaos run): a change of an element deleted before the pump looks up its labels (the
/// look-up reads the graph as it is now) is labelled from the stream's later records, or forwarded marked
/// <c>"labelsUnknown":true</c> and logged — never silently unlabelled.
/// </summary>
public sealed class DeletedElementLabelsTests
{
    private static JsonElement EnvelopeOf(List<(string PartitionKey, JsonElement Envelope)> written, long commit) =>
        written.Single(w => w.Envelope.GetProperty("commitNum").GetInt64() == commit).Envelope;

    private static string[] LabelsOf(JsonElement envelope) =>
        envelope.TryGetProperty("labels", out JsonElement labels) ? [.. labels.EnumerateArray().Select(l => l.GetString()!)] : [];

    [Fact]
    public async Task A_vertex_update_whose_vertex_is_dropped_later_in_the_page_gets_the_labels_the_drop_removes()
    {
        await using PumpHarness h = await PumpHarness.StartAsync();
        h.Graph.AddVertex("person-33", ["person", "customer"]);
        await h.Pump().RunAsync();
        long update = h.Graph.SetProperty("person-33", "name", "Ann");
        h.Graph.DropVertex("person-33");

        // A new pump (empty label cache) reads the update and the drop in one page; Neptune no longer has the vertex.
        PumpRunSummary summary = await h.Pump().RunAsync();

        Assert.Equal(PumpStopReason.CaughtUp, summary.StopReason);
        JsonElement envelope = EnvelopeOf(await h.ReadAllAsync(), update);
        Assert.Equal(["customer", "person"], LabelsOf(envelope).Order(StringComparer.Ordinal));
        Assert.False(envelope.TryGetProperty("labelsUnknown", out _));
        Assert.Equal(0, summary.ChangesUnlabelled);
    }

    [Fact]
    public async Task An_edge_update_whose_edge_is_dropped_later_in_the_page_gets_its_label_and_endpoints_without_a_look_up()
    {
        await using PumpHarness h = await PumpHarness.StartAsync();
        h.Graph.AddVertex("a", ["person"]);
        h.Graph.AddVertex("b", ["person"]);
        h.Graph.AddEdge("follows-167", "follows", "a", "b");
        await h.Pump().RunAsync();
        long update = h.Graph.SetProperty("follows-167", "since", 2020);
        h.Graph.DropEdge("follows-167");

        PumpRunSummary summary = await h.Pump().RunAsync();

        JsonElement envelope = EnvelopeOf(await h.ReadAllAsync(), update);
        Assert.Equal(["follows"], LabelsOf(envelope));
        Assert.Equal("a", envelope.GetProperty("from").GetString());
        Assert.Equal("b", envelope.GetProperty("to").GetString());
        Assert.Equal(0, summary.LabelLookups);
    }

    [Fact]
    public async Task A_change_of_an_element_deleted_in_a_later_page_is_forwarded_marked_labelsUnknown_counted_and_logged()
    {
        await using PumpHarness h = await PumpHarness.StartAsync();
        h.Graph.AddVertex("person-33", ["person"]);
        await h.Pump().RunAsync();
        long update = h.Graph.SetProperty("person-33", "name", "Secret-Ann");
        h.Graph.DropVertex("person-33");
        var logger = new ListLogger();

        // One record a page: the drop is not in the update's page, and the vertex is gone when the update is read.
        PumpRunSummary summary = await h.Pump(h.Options(o => o.Limit = 1), logger: logger).RunAsync();

        Assert.Equal(PumpStopReason.CaughtUp, summary.StopReason);
        JsonElement envelope = EnvelopeOf(await h.ReadAllAsync(), update);
        Assert.Empty(LabelsOf(envelope));
        Assert.True(envelope.GetProperty("labelsUnknown").GetBoolean());
        Assert.Equal(1, summary.ChangesUnlabelled);
        var warning = Assert.Single(logger.Entries, e => e.EventName == "PumpChangeUnlabelled");
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("person-33", warning.Message, StringComparison.Ordinal);
        Assert.Contains($"commit {update}", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret-Ann", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_labelled_change_and_an_RDF_change_are_never_marked_labelsUnknown()
    {
        await using PumpHarness h = await PumpHarness.StartAsync();
        h.Graph.AddVertex("a", ["person"]);
        h.Graph.AddStatement("<s>", "<p>", "<o>");

        PumpRunSummary summary = await h.Pump().RunAsync();

        Assert.All(await h.ReadAllAsync(), w => Assert.False(w.Envelope.TryGetProperty("labelsUnknown", out _)));
        Assert.Equal(0, summary.ChangesUnlabelled);
    }
}
