using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.Handlers;
using Neptune.Streams.Lambda.Kinesis;
using Xunit;

namespace MyFunction.Tests;

public sealed class FunctionTests
{
    // The people and the edge in events/sample-event.json (Neptune PG_JSON change records, one per Kinesis record).
    private const string Alice = "a8c4a1f2-3b7e-5c1d-9e2f-4d6b8a0c2e41";
    private const string Bob = "f2c4a1d9-7e0b-4c55-2a31-9b8e6d4f1c07";

    [Fact]
    public async Task Every_added_person_is_welcomed_with_the_properties_bound()
    {
        var notifier = new RecordingNotifier();

        StreamsEventResponse response = await RunSampleEventAsync(notifier);

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal([Alice, Bob], notifier.Welcomed.Select(w => w.PersonId));
        Person alice = notifier.Welcomed[0].Person;
        Assert.Equal("Alice", alice.Name);
        Assert.Equal(new DateTimeOffset(1990, 4, 12, 0, 0, 0, TimeSpan.Zero), alice.BirthDate);
        Assert.Equal("Bob", notifier.Welcomed[1].Person.Name);
    }

    [Fact]
    public async Task A_follows_edge_notifies_its_endpoints_and_other_edges_do_not()
    {
        var notifier = new RecordingNotifier();

        StreamsEventResponse response = await RunSampleEventAsync(notifier);

        Assert.Empty(response.BatchItemFailures);
        // The sample also adds a `knows` edge, which no handler is routed to.
        Assert.Equal([(Bob, Alice)], notifier.Follows);
    }

    [Fact]
    public async Task A_failing_handler_reports_its_record_so_that_Lambda_retries_from_there()
    {
        await using var function = new Function();
        function.Override(builder => builder.Services.AddSingleton<INotifier>(new FailingNotifier()));

        StreamsEventResponse response = await function.ProcessAsync(await ReadSampleEventAsync());

        BatchItemFailure failure = Assert.Single(response.BatchItemFailures);
        KinesisEvent sample = await ReadSampleEventAsync();
        // The first record of the sample is Alice's first change: nothing after it may be checkpointed.
        Assert.Equal(sample.Records[0].Kinesis.SequenceNumber, failure.ItemIdentifier);
    }

    private static async Task<StreamsEventResponse> RunSampleEventAsync(INotifier notifier)
    {
        await using var function = new Function();
        function.Override(builder => builder.Services.AddSingleton(notifier)); // after Configure: replaces LogNotifier
        return await function.ProcessAsync(await ReadSampleEventAsync());
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
