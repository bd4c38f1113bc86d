using System.Collections.Concurrent;
using Neptune.Streams.Lambda.Hosting;
using Neptune.Streams.Lambda.Kinesis;
using Neptune.Streams.Lambda.Testing;

namespace Neptune.Streams.Chaos;

/// <summary>
/// Lambda's side of an invocation: function instances (execution environments) per shard, each running one invocation
/// at a time — with ParallelizationFactor above 1 the shard's concurrent batches run in instances of their own, as in
/// Lambda — the function's timeout, or now and then a short random deadline, and a fresh instance after one was killed.
/// The batch reaches the function as the JSON bytes Lambda sends.
/// </summary>
public sealed class ChaosInvoker(ChaosWorld world) : IAsyncDisposable
{
    // Idle instances per shard; an instance is taken out for an invocation and put back after it, unless it was killed.
    // Sharing one instance between concurrent batches let a kill in one stop the others wherever they stood — also
    // between an effect and the completion of its claim, a window no injected fault is meant to hit (the sink counted
    // the redelivery's second application as a library duplicate).
    private readonly ConcurrentDictionary<string, ConcurrentBag<ChaosFunction>> _idle = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ChaosFunction, byte> _live = new();
    private long _invocations;

    /// <summary>Invokes an idle instance of the shard (a new one when none is idle) with the batch.</summary>
    public async Task<StreamsEventResponse> InvokeAsync(KinesisEvent kinesisEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kinesisEvent);
        string shard = kinesisEvent.Records[0].ShardId ?? "?";
        ConcurrentBag<ChaosFunction> idle = _idle.GetOrAdd(shard, _ => []);
        if (!idle.TryTake(out ChaosFunction? function))
        {
            function = new ChaosFunction(world);
            _live.TryAdd(function, 0);
        }

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
            _live.TryRemove(function, out _);
            await function.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException("Runtime exited with error: signal: killed");
        }
        finally
        {
            if (!function.Instance.Dead)
            {
                idle.Add(function);
            }
        }
    }

    /// <summary>Disposes the live instances.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (ChaosFunction function in _live.Keys)
        {
            await function.DisposeAsync().ConfigureAwait(false);
        }
    }
}
