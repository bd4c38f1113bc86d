using Neptune.Streams.Pump.Kinesis;
using Polly;
using Polly.Retry;

namespace Neptune.Streams.Pump.Pumping;

/// <summary>
/// The pump's one retry policy, built at start-up: exponential backoff with jitter, without an attempt limit (a pump
/// must not skip changes), bounded by the run's cancellation token instead.
/// </summary>
internal static class PumpResilience
{
    public static ResiliencePipeline Create(TimeProvider timeProvider) => new ResiliencePipelineBuilder { TimeProvider = timeProvider }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder()
                .Handle<PutRecordsPartialFailureException>()
                .Handle<KinesisException>(ex => ex.IsTransient)
                .Handle<HttpRequestException>()
                .Handle<TransientStreamException>(),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromSeconds(10),
            MaxRetryAttempts = int.MaxValue,
        })
        .Build();
}
