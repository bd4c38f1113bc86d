using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda.DeadLetters;
using Neptune.Streams.Lambda.Handlers;

namespace Neptune.Streams.Lambda.Tests.Processing;

/// <summary>
/// A handler's <see cref="PermanentHandlerException"/> under each <see cref="PermanentFailurePolicy"/> (issue 11, item 2):
/// dead-lettered with the event's raw records while the batch goes on, or the batch's reported failure.
/// </summary>
public sealed class PermanentFailureTests
{
    private static readonly string[] Records =
    [
        Batches.Pg(1, 1, "v1", "vl", "label", "person", last: true),
        Batches.Pg(2, 1, "v2", "vl", "label", "person"),
        Batches.Pg(2, 2, "v2", "vp", "name", "Bob", last: true),
        Batches.Pg(3, 1, "v3", "vl", "label", "person", last: true),
        Batches.Pg(4, 1, "v4", "vl", "label", "person", last: true),
    ];

    [Fact]
    public async Task WithASink_TheEventGoesToItWithItsRawRecords_AndTheBatchGoesOn()
    {
        // Regression: the event was reported like a transient failure, retried to the event source mapping's limit,
        // and every good record after it went to the on-failure destination.
        var sink = new ListSink();
        await using var function = new RecordingFunction(b => b.Services.AddSingleton<IDeadLetterSink>(sink));
        function.Recorder.FailWhen = (e, _) => e.Id == "v2" ? new PermanentHandlerException("rejected") : null;
        var batch = Batches.Of(Records);

        var response = await function.ProcessAsync(batch, new Neptune.Streams.Lambda.Hosting.InvocationContext { FunctionName = "consumer" });

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(["v1", "v3", "v4"], function.Recorder.Events.Select(e => e.Id));
        Assert.Equal([batch.Records[1].Kinesis.Data, batch.Records[2].Kinesis.Data], sink.Records.Select(r => r.Data));
        Assert.Equal([Batches.Sequence(1), Batches.Sequence(2)], sink.Records.Select(r => r.Position.SequenceNumber));
        Assert.All(sink.Records, r => Assert.Contains("RecordingHandler failed permanently (PermanentHandlerException)", r.Reason, StringComparison.Ordinal));
        Assert.All(sink.Records, r => Assert.Equal("consumer", r.FunctionName));
        Assert.Equal(4, function.Recorder.Calls); // v2 once: a permanent failure is not retried
    }

    [Fact]
    public async Task WithASink_AnEventClosedByTheNextRecord_SendsOnlyItsOwnRecords()
    {
        var sink = new ListSink();
        await using var function = new RecordingFunction(b => b.Services.AddSingleton<IDeadLetterSink>(sink));
        function.Recorder.FailWhen = (e, _) => e.Id == "v1" ? new PermanentHandlerException("rejected") : null;
        var batch = Batches.Of(Batches.Pg(1, 1, "v1", "vl", "label", "person"), Records[3]);

        var response = await function.ProcessAsync(batch);

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(Batches.Sequence(0), Assert.Single(sink.Records).Position.SequenceNumber);
        Assert.Equal(["v3"], function.Recorder.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task WithoutASink_TheBatchStopsAtTheEventsFirstRecord()
    {
        await using var function = new RecordingFunction();
        function.Recorder.FailWhen = (e, _) => e.Id == "v2" ? new PermanentHandlerException("rejected") : null;

        var response = await function.ProcessAsync(Batches.Of(Records));

        Assert.Equal(Batches.Sequence(1), Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Equal(["v1"], function.Recorder.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task UnderStopBatch_TheBatchStopsEvenWithASink()
    {
        var sink = new ListSink();
        await using var function = new RecordingFunction(b =>
        {
            b.Services.AddSingleton<IDeadLetterSink>(sink);
            b.Options.PermanentFailures = PermanentFailurePolicy.StopBatch;
        });
        function.Recorder.FailWhen = (e, _) => e.Id == "v2" ? new PermanentHandlerException("rejected") : null;

        var response = await function.ProcessAsync(Batches.Of(Records));

        Assert.Equal(Batches.Sequence(1), Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Empty(sink.Records);
    }

    [Fact]
    public async Task WhenTheSinkFails_TheEventIsReportedNotDropped()
    {
        await using var function = new RecordingFunction(b => b.Services.AddSingleton<IDeadLetterSink>(new ListSink { Fail = true }));
        function.Recorder.FailWhen = (e, _) => e.Id == "v2" ? new PermanentHandlerException("rejected") : null;

        var response = await function.ProcessAsync(Batches.Of(Records));

        Assert.Equal(Batches.Sequence(1), Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Equal(["v1"], function.Recorder.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task ATransientFailureAfterRetries_IsStillReportedEvenWithASink()
    {
        var sink = new ListSink();
        await using var function = new RecordingFunction(b => b.Services.AddSingleton<IDeadLetterSink>(sink));
        function.Recorder.FailWhen = (e, _) => e.Id == "v2" ? new TimeoutException("slow") : null;

        var response = await function.ProcessAsync(Batches.Of(Records));

        Assert.Equal(Batches.Sequence(1), Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Empty(sink.Records);
    }

    [Fact]
    public void ThePolicy_DefaultsToDeadLetter()
    {
        Assert.Equal(PermanentFailurePolicy.DeadLetter, new NeptuneStreamOptions().PermanentFailures);
        Assert.Throws<ArgumentOutOfRangeException>(() => new NeptuneStreamOptions { PermanentFailures = (PermanentFailurePolicy)7 });
    }
}
