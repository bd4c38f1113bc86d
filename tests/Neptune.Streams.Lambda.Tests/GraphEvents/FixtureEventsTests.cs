using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.Tests.GraphEvents;

/// <summary>Every fixture event turns into the graph events of the fixtures README table.</summary>
public sealed class FixtureEventsTests
{
    private const string Alice = "a8c4a1f2-3b7e-5c1d-9e2f-4d6b8a0c2e41";
    private const string Bob = "f2c4a1d9-7e0b-4c55-2a31-9b8e6d4f1c07";
    private const string Knows = "3ec4a1fa-5d21-1b9e-77a0-6c2f8e4b9d13";
    private const string Follows = "b6c4a1fb-0a9d-2e44-c1f8-5d7a3b6e2c98";

    private static async Task<(List<GraphEvent> Events, Lambda.Kinesis.StreamsEventResponse Response)> RunAsync(string fixture)
    {
        await using var function = new RecordingFunction();
        var response = await function.ProcessAsync(Fixture.Event(fixture));
        return (function.Recorder.Events, response);
    }

    [Theory]
    [InlineData("pg-json-records-event.json")]
    [InlineData("pg-json-page-event.json")]
    [InlineData("pg-json-gzip-event.json")]
    public async Task PgJsonPage_AssemblesTheEventsOfTheReadmeTable(string fixture)
    {
        var (events, response) = await RunAsync(fixture);

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(
            [
                (GraphEventKind.VertexAdded, Alice),
                (GraphEventKind.VertexAdded, Bob),
                (GraphEventKind.EdgeAdded, Knows),
                (GraphEventKind.EdgeAdded, Follows),
                (GraphEventKind.VertexUpdated, Alice),
                (GraphEventKind.EdgeDeleted, Knows),
                (GraphEventKind.EdgeDeleted, Follows),
                (GraphEventKind.VertexDeleted, Bob),
            ],
            events.Select(e => (e.Kind, e.Id)));

        var alice = events[0];
        Assert.Equal(["person"], alice.Labels);
        Assert.Equal("Alice", alice.GetNewValue("name")?.Text);
        Assert.True(alice.GetNewValue("birthDate")!.Value.TryGetDateTimeOffset(out var born));
        Assert.Equal(new DateTimeOffset(1990, 4, 12, 0, 0, 0, TimeSpan.Zero), born);
        Assert.Equal(new NeptuneEventId(4711, 1), alice.FirstEventId);
        Assert.Equal(new NeptuneEventId(4711, 3), alice.LastEventId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1718010902113), alice.CommitTimestamp);

        Assert.Equal(["person", "employee"], events[1].Labels);

        var knows = events[2];
        Assert.Equal(["knows"], knows.Labels);
        Assert.Equal((Alice, Bob), (knows.From, knows.To));
        Assert.Equal("since", Assert.Single(knows.Properties).Name);
        Assert.Equal(["follows"], events[3].Labels);
        Assert.Empty(events[3].Properties);

        var rename = Assert.Single(events[4].Properties);
        Assert.Equal(PropertyChangeKind.Changed, rename.Kind);
        Assert.Equal("Alice", rename.OldValue?.Text);
        Assert.Equal("Alice Smith", rename.NewValue?.Text);
        Assert.Empty(events[4].Labels);

        Assert.Equal(PropertyChangeKind.Removed, Assert.Single(events[5].Properties).Kind);
        Assert.Equal(["person", "employee"], events[7].Labels);
        Assert.Equal("name", Assert.Single(events[7].Properties).Name);
        Assert.All(events, e => Assert.Equal("shardId-000000000000", e.Position.ShardId));
    }

    [Fact]
    public async Task RecordsEvent_EventCarriesTheSequenceNumberOfItsLastRecord()
    {
        var kinesisEvent = Fixture.Event("pg-json-records-event.json");
        var (events, _) = await RunAsync("pg-json-records-event.json");

        Assert.Equal(kinesisEvent.Records[2].Kinesis.SequenceNumber, events[0].Position.SequenceNumber);
        Assert.Equal(kinesisEvent.Records[16].Kinesis.SequenceNumber, events[7].Position.SequenceNumber);
    }

    [Fact]
    public async Task KplAggregate_YieldsTheFirstCommitWithSubSequenceNumbers()
    {
        var (events, response) = await RunAsync("pg-json-kpl-event.json");

        Assert.Empty(response.BatchItemFailures);
        var added = Assert.Single(events);
        Assert.Equal(GraphEventKind.VertexAdded, added.Kind);
        Assert.Equal(Alice, added.Id);
        Assert.Equal(["name", "birthDate"], added.Properties.Select(p => p.Name));
        Assert.Equal(2, added.Position.SubSequenceNumber);
        Assert.Equal(Alice, added.Position.PartitionKey);
    }

    [Fact]
    public async Task NQuadsRecords_BecomeTripleEvents()
    {
        var (events, response) = await RunAsync("nquads-records-event.json");

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(
            [
                GraphEventKind.TripleAdded, GraphEventKind.TripleAdded, GraphEventKind.TripleAdded,
                GraphEventKind.TripleRemoved, GraphEventKind.TripleAdded, GraphEventKind.TripleAdded, GraphEventKind.TripleRemoved,
            ],
            events.Select(e => e.Kind));
        Assert.All(events, e => Assert.Equal("http://example.org/person/alice", e.Id));

        var age = events[2].Statement!;
        Assert.Equal("34", age.Object.Value);
        Assert.Equal("http://www.w3.org/2001/XMLSchema#integer", age.Object.Datatype);
        Assert.Equal("en", events[4].Statement!.Object.Language);
        Assert.Equal("http://example.org/graphs/hr", events[5].Statement!.Graph!.Value);
        Assert.Null(events[0].Statement!.Graph);
    }

    [Fact]
    public async Task SeedSimplifiedForm_MapsEachTypeToItsEvent()
    {
        var (events, response) = await RunAsync("seed-simplified-event.json");

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(
            [
                (GraphEventKind.VertexAdded, "vertex_001"), (GraphEventKind.VertexAdded, "vertex_002"),
                (GraphEventKind.EdgeAdded, "edge_001"), (GraphEventKind.VertexUpdated, "vertex_001"),
                (GraphEventKind.EdgeUpdated, "edge_001"), (GraphEventKind.EdgeDeleted, "edge_001"),
                (GraphEventKind.VertexDeleted, "vertex_002"), (GraphEventKind.TripleAdded, "http://example.org/Tom"),
            ],
            events.Select(e => (e.Kind, e.Id)));
        Assert.Equal("Tom", events[0].GetNewValue("name")?.Text);
        Assert.True(events[0].GetNewValue("age")!.Value.TryGetInt64(out long age) && age == 30);
        Assert.Equal(("vertex_001", "vertex_002"), (events[2].From, events[2].To));
        Assert.Equal(["follows"], events[2].Labels);
        Assert.Equal("31", events[3].GetNewValue("age")?.Text);
        var tom = events[7].Statement!;
        Assert.Equal(Lambda.GraphEvents.RdfTermKind.Literal, tom.Object.Kind);
        Assert.Equal("Tom", tom.Object.Value);
        Assert.Equal("http://xmlns.com/foaf/0.1/name", tom.Predicate.Value);
    }

    [Fact]
    public async Task NeptuneExportForm_ReadsStringValuesAndJavaTypeNames()
    {
        var (events, response) = await RunAsync("neptune-export-event.json");

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal([GraphEventKind.VertexAdded, GraphEventKind.EdgeAdded], events.Select(e => e.Kind));
        var alice = events[0];
        Assert.Null(alice.CommitTimestamp);
        Assert.True(alice.GetNewValue("age")!.Value.TryGetInt64(out long age) && age == 34);
        Assert.True(alice.GetNewValue("birthDate")!.Value.TryGetDateTimeOffset(out var born));
        Assert.Equal(new DateTimeOffset(1990, 4, 12, 0, 0, 0, TimeSpan.Zero), born);
        Assert.Equal("f2c4a1d9-7e0b-4c55-2a31-9b8e6d4f1c07", events[1].From);
    }

    [Fact]
    public async Task NotNeptunePayloads_WithoutSink_TheFirstIsReportedAndNothingIsHandled()
    {
        var kinesisEvent = Fixture.Event("not-neptune-event.json");
        var (events, response) = await RunAsync("not-neptune-event.json");

        Assert.Empty(events);
        Assert.Equal(kinesisEvent.Records[0].Kinesis.SequenceNumber, Assert.Single(response.BatchItemFailures).ItemIdentifier);
    }
}
