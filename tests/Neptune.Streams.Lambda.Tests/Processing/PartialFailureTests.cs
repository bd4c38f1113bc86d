using Microsoft.Extensions.Time.Testing;
using Neptune.Streams.Lambda.DeadLetters;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;
using Neptune.Streams.Lambda.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Neptune.Streams.Lambda.Tests.Processing;

/// <summary>The batch stops at the first record that still fails and reports only it, so Lambda keeps order.</summary>
public sealed class PartialFailureTests
{
    private static readonly string[] Vertices =
    [
        Batches.Pg(1, 1, "v1", "vl", "label", "person", last: true),
        Batches.Pg(2, 1, "v2", "vl", "label", "person", last: true),
        Batches.Pg(3, 1, "v3", "vl", "label", "person", last: true),
        Batches.Pg(4, 1, "v4", "vl", "label", "person", last: true),
    ];

    [Fact]
    public async Task AllSucceed_ResponseIsEmpty()
    {
        await using var function = new RecordingFunction();

        var response = await function.ProcessAsync(Batches.Of(Vertices));

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(["v1", "v2", "v3", "v4"], function.Recorder.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task FailureInTheMiddle_ReportsThatRecordAndHandlesNothingAfterIt()
    {
        await using var function = new RecordingFunction();
        function.Recorder.FailWhen = (e, _) => e.Id == "v3" ? new InvalidOperationException("down") : null;

        var response = await function.ProcessAsync(Batches.Of(Vertices));

        Assert.Equal(Batches.Sequence(2), Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Equal(["v1", "v2"], function.Recorder.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task FailureAtTheStart_ReportsTheFirstRecord()
    {
        await using var function = new RecordingFunction();
        function.Recorder.FailWhen = (e, _) => e.Id == "v1" ? new InvalidOperationException("down") : null;

        var response = await function.ProcessAsync(Batches.Of(Vertices));

        Assert.Equal(Batches.Sequence(0), Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Empty(function.Recorder.Events);
    }

    [Fact]
    public async Task EventSpanningRecords_FailureReportsItsFirstRecord()
    {
        await using var function = new RecordingFunction();
        function.Recorder.FailWhen = (e, _) => e.Id == "v2" ? new InvalidOperationException("down") : null;
        var batch = Batches.Of(
            Vertices[0],
            Batches.Pg(2, 1, "v2", "vl", "label", "person"),
            Batches.Pg(2, 2, "v2", "vp", "name", "Bob", last: true),
            Vertices[2]);

        var response = await function.ProcessAsync(batch);

        Assert.Equal(Batches.Sequence(1), Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Equal(["v1"], function.Recorder.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task TransientFailure_IsRetriedAndTheBatchSucceeds()
    {
        await using var function = new RecordingFunction();
        function.Recorder.FailWhen = (e, attempt) => e.Id == "v2" && attempt < 2 ? new TimeoutException("slow") : null;

        var response = await function.ProcessAsync(Batches.Of(Vertices));

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(4, function.Recorder.Events.Count);
        Assert.Equal(6, function.Recorder.Calls);
    }

    [Fact]
    public async Task PermanentFailure_IsNotRetried()
    {
        await using var function = new RecordingFunction();
        function.Recorder.FailWhen = (e, _) => e.Id == "v2" ? new PermanentHandlerException("rejected") : null;

        var response = await function.ProcessAsync(Batches.Of(Vertices));

        Assert.Equal(Batches.Sequence(1), Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Equal(2, function.Recorder.Calls);
    }

    [Fact]
    public async Task RetriesExhausted_RecordBecomesTheFailure()
    {
        await using var function = new RecordingFunction(b => b.Options.Retry.MaxRetryAttempts = 2);
        function.Recorder.FailWhen = (e, _) => e.Id == "v4" ? new TimeoutException("slow") : null;

        var response = await function.ProcessAsync(Batches.Of(Vertices));

        Assert.Equal(Batches.Sequence(3), Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Equal(3 + 3, function.Recorder.Calls);
    }

    [Fact]
    public async Task PoisonWithoutSink_IsReportedAndTheBatchStopsThere()
    {
        await using var function = new RecordingFunction();

        var response = await function.ProcessAsync(Batches.Of(Vertices[0], "not json", Vertices[2]));

        Assert.Equal(Batches.Sequence(1), Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Equal(["v1"], function.Recorder.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task PoisonWithSink_IsDeadLetteredWithItsPositionAndTheBatchGoesOn()
    {
        var sink = new ListSink();
        await using var function = new RecordingFunction(b => b.Services.AddSingleton<IDeadLetterSink>(sink));
        var batch = Batches.Of(Vertices[0], "{\"truncated\": ", Vertices[2]);

        var response = await function.ProcessAsync(batch, new InvocationContext { FunctionName = "consumer" });

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(["v1", "v3"], function.Recorder.Events.Select(e => e.Id));
        var poison = Assert.Single(sink.Records);
        Assert.Equal(Batches.Sequence(1), poison.Position.SequenceNumber);
        Assert.Equal("shardId-000000000000", poison.Position.ShardId);
        Assert.Equal(batch.Records[1].Kinesis.Data, poison.Data);
        Assert.Equal("consumer", poison.FunctionName);
        Assert.Equal("arn:aws:kinesis:us-east-1:123456789012:stream/neptune-changes", poison.EventSourceArn);
        Assert.Contains("not valid JSON", poison.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PoisonWhoseDeadLetteringFails_IsReportedNotDropped()
    {
        var sink = new ListSink { Fail = true };
        await using var function = new RecordingFunction(b => b.Services.AddSingleton<IDeadLetterSink>(sink));

        var response = await function.ProcessAsync(Batches.Of(Vertices[0], "garbage", Vertices[2]));

        Assert.Equal(Batches.Sequence(1), Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Equal(["v1"], function.Recorder.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task PoisonAfterAnOpenEvent_TheEventIsHandledFirst()
    {
        var sink = new ListSink();
        await using var function = new RecordingFunction(b => b.Services.AddSingleton<IDeadLetterSink>(sink));
        var batch = Batches.Of(Batches.Pg(1, 1, "v1", "vl", "label", "person"), "oops", Vertices[1]);

        var response = await function.ProcessAsync(batch);

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(["v1", "v2"], function.Recorder.Events.Select(e => e.Id));
        Assert.Single(sink.Records);
    }

    [Fact]
    public async Task DeadlineAlreadyPassed_ReportsTheFirstRecordAndHandlesNothing()
    {
        await using var function = new RecordingFunction();
        var invocation = new InvocationContext { Deadline = DateTimeOffset.UtcNow.AddMilliseconds(500) };

        var response = await function.ProcessAsync(Batches.Of(Vertices), invocation);

        Assert.Equal(Batches.Sequence(0), Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Empty(function.Recorder.Events);
    }

    [Fact]
    public async Task HandlerCancelledAtTheDeadline_BatchStopsCleanlyAtItsRecord()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        await using var function = new RecordingFunction(b => b.Services.AddSingleton<TimeProvider>(time));
        function.Recorder.FailWhen = (e, _) =>
        {
            if (e.Id == "v2")
            {
                time.Advance(TimeSpan.FromSeconds(9));
            }

            return null;
        };
        var invocation = new InvocationContext { Deadline = time.GetUtcNow().AddSeconds(10) };

        var response = await function.ProcessAsync(Batches.Of(Vertices), invocation);

        Assert.Equal(Batches.Sequence(2), Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Equal(["v1", "v2"], function.Recorder.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task CallerCancellation_StopsAtTheNextRecord()
    {
        using var cancel = new CancellationTokenSource();
        await using var function = new RecordingFunction();
        function.Recorder.FailWhen = (e, _) =>
        {
            if (e.Id == "v1")
            {
                cancel.Cancel();
            }

            return null;
        };

        var response = await function.ProcessAsync(Batches.Of(Vertices), cancellationToken: cancel.Token);

        Assert.Equal(Batches.Sequence(1), Assert.Single(response.BatchItemFailures).ItemIdentifier);
    }

    private sealed class ListSink : IDeadLetterSink
    {
        public List<PoisonRecord> Records { get; } = [];

        public bool Fail { get; init; }

        public ValueTask SendAsync(PoisonRecord record, CancellationToken cancellationToken = default)
        {
            if (Fail)
            {
                throw new IOException("queue unreachable");
            }

            Records.Add(record);
            return ValueTask.CompletedTask;
        }
    }
}
