using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;
using Neptune.Streams.Lambda.Idempotency;

namespace Neptune.Streams.Chaos;

/// <summary>
/// The user's handler: Polly chaos (faults, "not applied" outcomes, latency) in front of the sink, the sink's effect
/// behind the library's DynamoDB idempotency store, random kills of the function instance (before the claim, inside the
/// effect while the claim is held, after the effect was recorded done), and permanent failures of chosen events until
/// the "fix" is deployed.
/// </summary>
internal sealed class ChaosHandler(FunctionInstance instance, ChaosWorld world, IIdempotencyStore store) : IGraphEventHandler
{
    public async ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
    {
        instance.ThrowIfDead();
        world.Sink.Receive(graphEvent, instance.Invocation);
        // The random draw is made whatever the count, so the forced crash leaves the run's random fault schedule as it was.
        bool randomCrash = world.Random.Chance(world.Options.CrashRate / 2);
        if (world.Counters.Handle() == world.Options.CrashAtEvent || randomCrash)
        {
            world.Counters.Crash();
            instance.Kill();
        }

        if (!world.PermanentFixed && world.FailsPermanently(graphEvent))
        {
            world.Counters.PermanentFailure(graphEvent.Id, graphEvent.FirstEventId.CommitNum);
            throw new PermanentHandlerException("injected: the downstream system rejects this event until a fix is deployed");
        }

        bool accepted = await world.HandlerChaos.ExecuteAsync(static _ => ValueTask.FromResult(true), cancellationToken).ConfigureAwait(false);
        if (!accepted)
        {
            throw new InvalidOperationException("injected: the sink answered 'not applied, try again'");
        }

        await store.ApplyOnceAsync("chaos-sink", graphEvent, (remainder, _) =>
        {
            instance.ThrowIfDead();
            if (world.Counters.ClaimKills < world.Options.MaxClaimKills && world.Random.Chance(world.Options.ClaimKillRate))
            {
                // Dies holding the claim: out of memory, or a handler that ignored its deadline and was killed by Lambda.
                world.Counters.ClaimKill();
                instance.Kill();
            }

            // Only what no earlier delivery applied: a batch that ended between two records of the commit applied the rest.
            world.Sink.Apply(remainder);
            return ValueTask.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);

        if (world.Random.Chance(world.Options.CrashRate / 2))
        {
            world.Counters.Crash();
            instance.Kill();
        }
    }
}
