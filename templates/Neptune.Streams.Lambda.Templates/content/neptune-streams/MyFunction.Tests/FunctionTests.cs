using Microsoft.Extensions.DependencyInjection;
using MyFunction.Handlers;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;
using Neptune.Streams.Lambda.Kinesis;
using Neptune.Streams.Lambda.Testing;
using Xunit;

namespace MyFunction.Tests;

public sealed class FunctionTests
{
    // The people and the edge in events/sample-event.json (Neptune PG_JSON change records, one per Kinesis record).
    private const string Alice = "a8c4a1f2-3b7e-5c1d-9e2f-4d6b8a0c2e41";
    private const string Bob = "f2c4a1d9-7e0b-4c55-2a31-9b8e6d4f1c07";

    [Fact]
    public async Task The_sample_event_welcomes_both_people_and_notifies_the_follow()
    {
        var notifier = new RecordingNotifier();
        await using var function = new Function(services => services.AddSingleton<INotifier>(notifier));

        StreamsEventResponse response = await function.ProcessAsync(await ReadSampleEventAsync());

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal([Alice, Bob], notifier.Welcomed.Select(w => w.PersonId));
        Assert.Equal(new DateTimeOffset(1990, 4, 12, 0, 0, 0, TimeSpan.Zero), notifier.Welcomed[0].Person.BirthDate);
        Assert.Equal([(Bob, Alice)], notifier.Follows);
    }

    [Fact]
    public async Task Every_added_person_is_welcomed_with_the_properties_bound()
    {
        var born = new DateTimeOffset(1990, 4, 12, 0, 0, 0, TimeSpan.Zero);
        var changes = new NeptuneChangeBuilder()
            .Commit().AddVertex("alice", "person", ("name", "Alice"), ("birthDate", born))
            .Commit().AddVertex("acme", "company", ("name", "Acme"));
        var notifier = new RecordingNotifier();
        await using var function = new Function(services => services.AddSingleton<INotifier>(notifier));

        StreamsEventResponse response = await function.ProcessAsync(new KinesisEventBuilder().AddChanges(changes).Build());

        Assert.Empty(response.BatchItemFailures);
        (string personId, Person person) = Assert.Single(notifier.Welcomed);
        Assert.Equal(("alice", new Person("Alice", born)), (personId, person));
    }

    [Fact]
    public async Task A_follows_edge_notifies_its_endpoints_and_other_edges_do_not()
    {
        var changes = new NeptuneChangeBuilder()
            .AddEdge("e1", "knows", "alice", "bob")
            .AddEdge("e2", "follows", "bob", "alice");
        var notifier = new RecordingNotifier();
        await using var function = new Function(services => services.AddSingleton<INotifier>(notifier));

        StreamsEventResponse response = await function.ProcessAsync(new KinesisEventBuilder().AddChanges(changes).Build());

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal([("bob", "alice")], notifier.Follows);
    }

    [Fact]
    public async Task The_person_handler_alone_binds_the_event_it_is_given()
    {
        var notifier = new RecordingNotifier();
        var handler = new PersonAdded(notifier);
        GraphEvent added = GraphEventBuilder.VertexAdded("alice", "person").WithProperty("name", "Alice").Build();

        await handler.HandleAsync(added, GraphEventContextFactory.Create(added), CancellationToken.None);

        Assert.Equal([("alice", new Person("Alice", null))], notifier.Welcomed);
    }

    [Fact]
    public async Task A_rejected_notification_is_redelivered_by_Lambda_until_its_retries_run_out()
    {
        var changes = new NeptuneChangeBuilder()
            .Commit().AddVertex("alice", "person", ("name", "Alice"))
            .Commit().AddEdge("e1", "follows", "bob", "alice");
        await using var function = new Function(services => services.AddSingleton<INotifier>(new FailingNotifier()));

        // Lambda's event source mapping as template.yaml sets it up: partial-batch responses, bisect on error,
        // MaximumRetryAttempts 10, then the on-failure queue.
        EventSourceMappingResult result = await EventSourceMappingHost.For(function)
            .RunAsync(new KinesisEventBuilder().AddChanges(changes).BuildRecords());

        // The welcome fails permanently and no dead-letter queue is configured, so the batch stops at Alice's first
        // record: Lambda retries from it, then gives it and everything after it up.
        Assert.Equal(11, result.Invocations.Count);
        OnFailureBatch givenUp = Assert.Single(result.OnFailure);
        Assert.Equal(3, givenUp.BatchSize);
        Assert.Empty(result.SucceededRecords);
    }

    private static async Task<KinesisEvent> ReadSampleEventAsync()
    {
        await using Stream input = typeof(FunctionTests).Assembly.GetManifestResourceStream("sample-event.json")
            ?? throw new InvalidOperationException("The sample event is not embedded in the test assembly.");
        return await NeptuneStreamFunction.ReadEventAsync(input);
    }

    // Permanent, so the batch stops at once; any other exception is first retried with backoff.
    private sealed class FailingNotifier : INotifier
    {
        public ValueTask WelcomeAsync(string personId, Person person, CancellationToken cancellationToken)
            => throw new PermanentHandlerException("The notification service rejected the message.");

        public ValueTask FollowedAsync(string followerId, string followedId, CancellationToken cancellationToken)
            => ValueTask.CompletedTask;
    }
}
