using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;
using Neptune.Streams.Lambda.Hosting;
using Neptune.Streams.Lambda.Processing;
using Polly;
using Polly.Retry;

namespace Neptune.Streams.Lambda.Tests.Processing;

/// <summary>Handlers that succeed pay no retry pipeline; a failed call is retried exactly as the retry options say (issue 12).</summary>
public sealed class EventDispatcherTests
{
    [Fact]
    public async Task ASuccessfulHandlerCall_NeverEntersTheRetryPipeline()
    {
        var (dispatcher, pipelineOutcomes, recorder) = Create();

        for (int i = 0; i < 3; i++)
        {
            Assert.Null(await dispatcher.DispatchAsync(await EventAsync(), default));
        }

        Assert.Equal(0, pipelineOutcomes());
        Assert.Equal(3, recorder.Calls);
    }

    [Fact]
    public async Task AFailedCall_EntersThePipelineWithThatFailureAsItsFirstAttempt()
    {
        var (dispatcher, pipelineOutcomes, recorder) = Create();
        recorder.FailWhen = (_, attempt) => attempt < 2 ? new TimeoutException("slow") : null;

        Assert.Null(await dispatcher.DispatchAsync(await EventAsync(), default));

        // The direct call failed, the pipeline saw that failure and two more attempts: three calls, as before the change.
        Assert.Equal(3, recorder.Calls);
        Assert.Equal(3, pipelineOutcomes());
    }

    [Fact]
    public async Task APermanentFailure_IsReturnedWithoutARetry()
    {
        var (dispatcher, _, recorder) = Create();
        recorder.FailWhen = (_, _) => new PermanentHandlerException("rejected");

        HandlerFailure? failure = await dispatcher.DispatchAsync(await EventAsync(), default);

        Assert.True(failure?.IsPermanent);
        Assert.Equal(nameof(RecordingHandler), failure!.Handler);
        Assert.Equal(1, recorder.Calls);
    }

    private static (EventDispatcher Dispatcher, Func<int> PipelineOutcomes, Recorder Recorder) Create()
    {
        int outcomes = 0;
        var recorder = new Recorder();
        var services = new ServiceCollection().AddSingleton(recorder).AddSingleton<RecordingHandler>().BuildServiceProvider();
        var pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 3,
                Delay = TimeSpan.Zero,
                ShouldHandle = args =>
                {
                    outcomes++;
                    return ValueTask.FromResult(args.Outcome.Exception is not null and not PermanentHandlerException);
                },
            })
            .Build();
        var dispatcher = new EventDispatcher(
            [new HandlerRoute(null, null, typeof(RecordingHandler))], pipeline, services, InvocationContext.Local(),
            NullLogger.Instance, new BatchSummary(TimeProvider.System));
        return (dispatcher, () => outcomes, recorder);
    }

    private static async Task<GraphEvent> EventAsync()
    {
        await using var function = new RecordingFunction();
        await function.ProcessAsync(Batches.Of(Batches.Pg(1, 1, "v1", "vl", "label", "person", last: true)));
        return Assert.Single(function.Recorder.Events);
    }
}
