using Neptune.Streams.Lambda.Idempotency;

namespace Neptune.Streams.Chaos;

/// <summary>Tracks when the run last moved (see <see cref="ChaosStack.NewQuietWatch"/>).</summary>
internal sealed class QuietWatch(ChaosStack stack)
{
    private (long, long, long) _last;
    private long _lastMoved = TimeProvider.System.GetTimestamp();

    /// <summary>How long nothing has moved, as of now.</summary>
    public TimeSpan Quiet()
    {
        (long, long, long) now = (stack.World.Sink.Applied, stack.Mapping.Stats.RecordsSentToOnFailure, stack.Mapping.Stats.RecordsSucceeded);
        if (now != _last)
        {
            _last = now;
            _lastMoved = TimeProvider.System.GetTimestamp();
        }

        TimeSpan quiet = TimeProvider.System.GetElapsedTime(_lastMoved);
        long claimKill = stack.World.Counters.LastClaimKill;
        if (claimKill != 0)
        {
            // A kill while holding a claim stalls its shard, by design, until the dead invocation's claim expires.
            TimeSpan sinceClaimExpired = TimeProvider.System.GetElapsedTime(claimKill)
                - stack.World.Options.FunctionTimeout - new IdempotencyOptions().ClaimMarginAfterDeadline;
            quiet = sinceClaimExpired < quiet ? sinceClaimExpired : quiet;
        }

        return quiet;
    }
}
