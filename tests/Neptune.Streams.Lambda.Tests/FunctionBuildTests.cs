using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda.Checkpoints;
using Neptune.Streams.Lambda.DeadLetters;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;
using Neptune.Streams.Lambda.Idempotency;

namespace Neptune.Streams.Lambda.Tests;

/// <summary>
/// A function is built once (Configure, then the overrides, then the options freeze): a later change to an option or
/// another override throws instead of silently doing nothing.
/// </summary>
public sealed class FunctionBuildTests
{
    private static readonly string[] Page = [Batches.Pg(1, 1, "v1", "vl", "label", "person", last: true)];

    [Fact]
    public async Task OptionSetters_AfterTheFirstBatch_Throw()
    {
        await using var function = new RecordingFunction();
        await function.ProcessAsync(Batches.Of(Page));

        NeptuneStreamOptions options = function.Options;
        Assert.Throws<InvalidOperationException>(() => options.Retry.MaxRetryAttempts = 5);
        Assert.Throws<InvalidOperationException>(() => options.AwsRetry.BaseDelay = TimeSpan.FromSeconds(1));
        Assert.Throws<InvalidOperationException>(() => options.DeadlineSafetyMargin = TimeSpan.FromSeconds(5));
        Assert.Throws<InvalidOperationException>(() => options.PermanentFailures = PermanentFailurePolicy.StopBatch);
        Assert.Throws<InvalidOperationException>(() => options.Decoding.MaxLabelsPerEvent = 10);
        Assert.Throws<InvalidOperationException>(() => options.Metrics.Enabled = true);
        Assert.Equal(3, options.Retry.MaxRetryAttempts); // unchanged
    }

    [Fact]
    public void FeatureOptions_KeptFromUseCalls_AreFrozenToo()
    {
        CheckpointOptions? checkpoints = null;
        IdempotencyOptions? idempotency = null;
        SqsDeadLetterOptions? deadLetters = null;
        var function = new RecordingFunction(b => b
            .UseInMemoryCheckpoints(o => checkpoints = o)
            .UseDynamoDbIdempotency("neptune-streams", o => idempotency = o)
            .UseSqsDeadLetters("https://sqs.eu-west-1.amazonaws.com/123456789012/dead-letters", o => deadLetters = o));

        _ = function.Services;

        Assert.Throws<InvalidOperationException>(() => checkpoints!.RecordInterval = 100);
        Assert.Throws<InvalidOperationException>(() => idempotency!.CompletedTimeToLive = TimeSpan.FromDays(1));
        Assert.Throws<InvalidOperationException>(() => deadLetters!.LargeRecordBucket = "bucket");
    }

    [Fact]
    public void OptionSetters_InConfigure_Apply()
    {
        var function = new RecordingFunction(b => b.Options.Retry.MaxRetryAttempts = 7);

        Assert.Equal(7, function.Options.Retry.MaxRetryAttempts);
    }

    [Fact]
    public async Task Override_RunsAfterConfigure_AndItsServicesAndOptionsWin()
    {
        await using var function = new RecordingFunction();
        var replacement = new Recorder();
        function.Override(b =>
        {
            b.Services.AddSingleton(replacement);
            b.Options.Retry.MaxRetryAttempts = 0;
        });
        function.Override(b => b.On<SecondRecorder>(GraphEventKind.VertexAdded));

        await function.ProcessAsync(Batches.Of(Page));

        Assert.Equal(["v1", "v1"], replacement.Events.Select(e => e.Id)); // RecordingHandler, then the added handler
        Assert.Empty(function.Recorder.Events);
        Assert.Equal(0, function.Options.Retry.MaxRetryAttempts);
    }

    [Fact]
    public async Task Override_AfterTheFirstBatch_Throws()
    {
        await using var function = new RecordingFunction();
        await function.ProcessAsync(Batches.Of(Page));

        var ex = Assert.Throws<InvalidOperationException>(() => function.Override(b => b.Options.Retry.MaxRetryAttempts = 0));
        Assert.Contains("before its first batch", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Override_AfterServicesWereRead_Throws()
    {
        var function = new RecordingFunction();
        _ = function.Services;

        Assert.Throws<InvalidOperationException>(() => function.Override(_ => { }));
    }

    private sealed class SecondRecorder(Recorder recorder) : IGraphEventHandler
    {
        public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
        {
            recorder.Events.Add(graphEvent);
            return ValueTask.CompletedTask;
        }
    }
}
