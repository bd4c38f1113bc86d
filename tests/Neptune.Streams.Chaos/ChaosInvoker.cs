using System.Collections.Concurrent;
using Neptune.Streams.Lambda.Hosting;
using Neptune.Streams.Lambda.Kinesis;
using Neptune.Streams.Lambda.Testing;

namespace Neptune.Streams.Chaos;

/// <summary>
/// Lambda's side of an invocation: one function instance per shard (an execution environment), the function's timeout, or now and then a
/// short random deadline, and a fresh instance after one was killed. The batch reaches the function as the JSON bytes Lambda sends.
/// </summary>
public sealed class ChaosInvoker(ChaosWorld world) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ChaosFunction> _instances = new(StringComparer.Ordinal);
    private long _invocations;

    /// <summary>Invokes the shard's instance with the batch.</summary>
    public async Task<StreamsEventResponse> InvokeAsync(KinesisEvent kinesisEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kinesisEvent);
        string shard = kinesisEvent.Records[0].ShardId ?? "?";
        ChaosFunction function = _instances.GetOrAdd(shard, _ => new ChaosFunction(world));
        function.Instance.Invocation = Interlocked.Increment(ref _invocations);
        TimeSpan timeout = world.Random.Chance(world.Options.ShortTimeoutRate)
            ? world.Random.Between(world.Options.InvocationTimeout.Min, world.Options.InvocationTimeout.Max)
            : world.Options.FunctionTimeout;
        var invocation = new InvocationContext
        {
            AwsRequestId = Guid.NewGuid().ToString(),
            FunctionName = "chaos-consumer",
            Deadline = TimeProvider.System.GetUtcNow() + timeout,
        };
        try
        {
            // The batch as Lambda sends it: JSON bytes through the function's payload reader, the path production runs.
            StreamsEventResponse response = await PayloadInvocation.InvokeAsync(function, kinesisEvent, invocation, cancellationToken).ConfigureAwait(false);
            if (TimeProvider.System.GetUtcNow() >= invocation.Deadline - function.Options.DeadlineSafetyMargin && response.BatchItemFailures.Count > 0)
            {
                world.Counters.Timeout();
            }

            return response;
        }
        catch (OutOfMemoryException) when (function.Instance.Dead)
        {
            // The process is gone: no response reaches Lambda, which retries the batch on a new instance.
            _instances.TryRemove(new KeyValuePair<string, ChaosFunction>(shard, function));
            await function.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException("Runtime exited with error: signal: killed");
        }
    }

    /// <summary>Disposes the live instances.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (ChaosFunction function in _instances.Values)
        {
            await function.DisposeAsync().ConfigureAwait(false);
        }
    }
}
