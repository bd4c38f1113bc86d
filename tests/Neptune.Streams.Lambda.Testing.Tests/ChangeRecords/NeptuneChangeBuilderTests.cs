using System.Text.Json;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Testing;
using Neptune.Streams.Lambda.Testing.Tests.Support;

namespace Neptune.Streams.Lambda.Testing.Tests.ChangeRecords;

public sealed class NeptuneChangeBuilderTests
{
    [Fact]
    public void Build_numbers_operations_per_commit_and_marks_the_last_operation_of_each_commit()
    {
        IReadOnlyList<string> records = new NeptuneChangeBuilder(firstCommitNum: 4711)
            .Commit().AddVertex("alice", "person", ("name", "Alice"))
            .Commit().AddEdge("e1", "follows", "bob", "alice")
            .Build();

        Assert.Equal(3, records.Count);
        using JsonDocument first = JsonDocument.Parse(records[0]);
        using JsonDocument second = JsonDocument.Parse(records[1]);
        using JsonDocument third = JsonDocument.Parse(records[2]);
        Assert.Equal((4711, 1), EventId(first));
        Assert.Equal((4711, 2), EventId(second));
        Assert.Equal((4712, 1), EventId(third));
        Assert.False(first.RootElement.TryGetProperty("isLastOp", out _));
        Assert.True(second.RootElement.GetProperty("isLastOp").GetBoolean());
        Assert.True(third.RootElement.GetProperty("isLastOp").GetBoolean());
        Assert.Equal("vl", first.RootElement.GetProperty("data").GetProperty("type").GetString());
        Assert.Equal("e", third.RootElement.GetProperty("data").GetProperty("type").GetString());
        Assert.Equal("bob", third.RootElement.GetProperty("data").GetProperty("from").GetString());
    }

    [Fact]
    public void Operations_added_before_any_Commit_belong_to_the_first_commit()
    {
        var changes = new NeptuneChangeBuilder(firstCommitNum: 40).AddEdge("e1", "follows", "p1", "p2").Commit().AddVertexLabel("p1", "person");

        IReadOnlyList<string> records = changes.Build();

        using JsonDocument first = JsonDocument.Parse(records[0]);
        using JsonDocument second = JsonDocument.Parse(records[1]);
        Assert.Equal((40, 1), EventId(first));
        Assert.Equal((41, 1), EventId(second));
        Assert.Equal(new NeptuneEventId(41, 1), changes.LastEventId);
    }

    [Fact]
    public async Task The_library_assembles_the_built_records_into_the_graph_events_they_describe()
    {
        var born = new DateTimeOffset(1990, 4, 12, 0, 0, 0, TimeSpan.Zero);
        var changes = new NeptuneChangeBuilder(firstCommitNum: 10)
            .Commit().AddVertex("alice", "person", ("name", "Alice"), ("age", 34), ("birthDate", born), ("active", true))
            .Commit().AddEdge("e1", "follows", "bob", "alice", ("weight", 0.5))
            .Commit().SetVertexProperty("alice", "name", "Alice", "Alice Smith")
            .Commit().RemoveEdge("e1", "follows", "bob", "alice", ("weight", 0.5))
            .Commit().RemoveVertex("alice", "person", ("name", "Alice Smith"));
        var log = new EventLog();
        await using var function = new RecordingFunction(log);

        var response = await function.ProcessAsync(new KinesisEventBuilder().AddChanges(changes).Build());

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(
            [GraphEventKind.VertexAdded, GraphEventKind.EdgeAdded, GraphEventKind.VertexUpdated, GraphEventKind.EdgeDeleted, GraphEventKind.VertexDeleted],
            log.Events.Select(e => e.Kind));
        GraphEvent alice = log.Events[0];
        Assert.Equal("person", alice.Label);
        Assert.Equal(new NeptuneEventId(10, 1), alice.FirstEventId);
        Assert.Equal("Alice", alice.GetNewValue("name")?.Text);
        Assert.True(alice.GetNewValue("age")!.Value.TryGetInt64(out long age) && age == 34);
        Assert.True(alice.GetNewValue("birthDate")!.Value.TryGetDateTimeOffset(out DateTimeOffset birthDate) && birthDate == born);
        Assert.True(alice.GetNewValue("active")!.Value.TryGetBoolean(out bool active) && active);
        GraphEvent follows = log.Events[1];
        Assert.Equal(("bob", "alice", "follows"), (follows.From, follows.To, follows.Label));
        Assert.Equal("Alice Smith", log.Events[2].GetNewValue("name")?.Text);
    }

    [Fact]
    public async Task NQuads_statements_become_triple_events()
    {
        var changes = new NeptuneChangeBuilder(firstCommitNum: 912)
            .AddStatement("<http://example.org/alice> <http://example.org/name> \"Alice\" .")
            .Commit().RemoveStatement("<http://example.org/alice> <http://example.org/name> \"Alice\" .");
        var log = new EventLog();
        await using var function = new RecordingFunction(log);

        var response = await function.ProcessAsync(new KinesisEventBuilder().AddChanges(changes).Build());

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal([GraphEventKind.TripleAdded, GraphEventKind.TripleRemoved], log.Events.Select(e => e.Kind));
        Assert.Equal("Alice", log.Events[0].Statement?.Object.Value);
    }

    [Fact]
    public void A_value_of_an_unsupported_type_is_refused_with_its_type_named()
    {
        var error = Assert.Throws<ArgumentException>(() => new NeptuneChangeBuilder().AddVertexProperty("alice", "tags", new[] { "a" }));
        Assert.Contains("String[]", error.Message, StringComparison.Ordinal);
    }

    private static (long, long) EventId(JsonDocument record)
    {
        JsonElement id = record.RootElement.GetProperty("eventId");
        return (id.GetProperty("commitNum").GetInt64(), id.GetProperty("opNum").GetInt64());
    }
}
