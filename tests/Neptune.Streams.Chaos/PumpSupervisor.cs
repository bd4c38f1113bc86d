using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.Neptune;
using Neptune.Streams.Pump.Pumping;
using Neptune.Streams.Pump.State;

namespace Neptune.Streams.Chaos;

/// <summary>
/// Keeps a pump running the way a scheduler would: when one is killed, a new one starts with the same pump id and
/// lease owner, on the same DynamoDB position and lease. Two supervisors with different owners are two pump hosts
/// competing for one lease.
/// </summary>
internal sealed class PumpSupervisor(ChaosWorld world, Uri neptune, IKinesisClient kinesis, IPumpStateStore state, string streamName, string owner, bool slowWrites)
{
    public const string PumpId = "chaos-pump";

    public int Starts { get; private set; }

    /// <summary>Kinesis writes this host's pumps made (the other host's slow writes watch it).</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>The competing host, if any.</summary>
    public PumpSupervisor? Rival { get; set; }

    private long _writes;

    internal void Wrote() => Interlocked.Increment(ref _writes);

    public async Task RunAsync(CancellationToken stop)
    {
        using var http = new HttpClient(new FaultyLabelLookUpHandler(world)) { Timeout = TimeSpan.FromSeconds(30) };
        while (!stop.IsCancellationRequested)
        {
            using var life = CancellationTokenSource.CreateLinkedTokenSource(stop);
            var options = new PumpOptions
            {
                NeptuneEndpoint = neptune,
                KinesisStreamName = streamName,
                PumpId = PumpId,
                Owner = owner,
                PollInterval = TimeSpan.FromMilliseconds(20),
                LeaseDuration = world.Options.PumpLeaseDuration,
                LeaseSafetyMargin = world.Options.PumpLeaseSafetyMargin,
                Limit = 50 + (int)(world.Random.NextDouble() * 450),
                StartPosition = world.Options.Snapshot ? PumpStartPosition.Snapshot : new PumpOptions().StartPosition,
            };
            options.Snapshot.PageSize = world.Options.SnapshotPageSize;
            var pump = new StreamPump(options, http, new KillingKinesisClient(kinesis, life, world, this, slowWrites), state);
            Starts++;
            try
            {
                PumpRunSummary run = await pump.RunAsync(null, life.Token).ConfigureAwait(false);
                if (!life.IsCancellationRequested)
                {
                    // Stopped on its own (lease held by the other host, lease lost, an error it reports): start again
                    // after a pause, as the next scheduled run would.
                    if (run.StopReason is not (PumpStopReason.LeaseHeldElsewhere or PumpStopReason.LeaseLost))
                    {
                        Console.Error.WriteLine($"pump {owner} stopped: {run.StopReason} {run.Error}");
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(200), stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (life.IsCancellationRequested)
            {
                // Killed (or the run is over): the next iteration is the restart.
            }

            if (world.Options.Snapshot && life.IsCancellationRequested && !stop.IsCancellationRequested
                && await state.GetSnapshotAsync(PumpId, CancellationToken.None).ConfigureAwait(false) is not { Phase: Pump.Snapshot.SnapshotPhase.Done })
            {
                // Killed before its snapshot was done: the next pump resumes it from the stored progress.
                world.Counters.SnapshotKill();
            }
        }
    }
}
