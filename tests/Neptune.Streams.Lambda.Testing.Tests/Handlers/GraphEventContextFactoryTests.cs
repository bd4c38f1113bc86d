using System.Text.Json.Serialization;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;
using Neptune.Streams.Lambda.Testing;

namespace Neptune.Streams.Lambda.Testing.Tests.Handlers;

public sealed partial class GraphEventContextFactoryTests
{
    [Fact]
    public async Task A_typed_handler_called_directly_binds_the_built_events_properties()
    {
        var born = new DateTimeOffset(1990, 4, 12, 0, 0, 0, TimeSpan.Zero);
        GraphEvent added = GraphEventBuilder.VertexAdded("alice", "person")
            .WithProperty("name", "Alice").WithProperty("birthDate", born).WithProperty("age", 34)
            .AtEvent(4711)
            .Build();
        var handler = new PersonHandler();

        await handler.HandleAsync(added, GraphEventContextFactory.Create(added), CancellationToken.None);

        Assert.Equal(new Person("Alice", born, 34), handler.Seen);
        Assert.Equal("4711:1", handler.IdempotencyKey);
    }

    [Fact]
    public void The_context_carries_the_event_attempt_and_a_local_invocation()
    {
        GraphEvent deleted = GraphEventBuilder.EdgeDeleted("e1", "follows", "bob", "alice").Build();

        GraphEventContext context = GraphEventContextFactory.Create(deleted, attempt: 2);

        Assert.Same(deleted, context.Event);
        Assert.Equal(2, context.Attempt);
        Assert.Equal("test", context.Invocation.FunctionName);
        Assert.Null(context.Invocation.Deadline);
        Assert.NotNull(context.Logger);
    }

    [Fact]
    public void The_built_event_numbers_its_last_operation_after_its_labels_and_properties()
    {
        GraphEvent updated = GraphEventBuilder.VertexUpdated("alice")
            .WithPropertyChange("name", "Alice", "Alice Smith").WithPropertyChange("nickname", "Al", null)
            .AtEvent(20, firstOpNum: 3)
            .Build();

        Assert.Equal(GraphEventKind.VertexUpdated, updated.Kind);
        Assert.Equal(new NeptuneEventId(20, 3), updated.FirstEventId);
        Assert.Equal(new NeptuneEventId(20, 4), updated.LastEventId);
        Assert.Equal(PropertyChangeKind.Removed, updated.Properties[1].Kind);
        Assert.Equal("Alice Smith", updated.GetNewValue("name")?.Text);
    }

    public sealed record Person(string? Name, DateTimeOffset? BirthDate, int? Age);

    private sealed class PersonHandler() : GraphEventHandler<Person>(PersonJsonContext.Default.Person)
    {
        public Person? Seen { get; private set; }

        public string? IdempotencyKey { get; private set; }

        protected override ValueTask HandleAsync(GraphEvent graphEvent, Person properties, GraphEventContext context, CancellationToken cancellationToken)
        {
            Seen = properties;
            IdempotencyKey = context.IdempotencyKey;
            return ValueTask.CompletedTask;
        }
    }

    [JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
    [JsonSerializable(typeof(Person))]
    private sealed partial class PersonJsonContext : JsonSerializerContext;
}
