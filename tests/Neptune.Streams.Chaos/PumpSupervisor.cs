using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.Neptune;
using Neptune.Streams.Pump.Pumping;
using Neptune.Streams.Pump.State;

namespace Neptune.Streams.Chaos;

/// <summary>
/// Keeps a pump running the way a scheduler would: when one is killed, a new one starts with the same pump id and
/// lease owner, on the same DynamoDB position and lease.
/// </summary>
internal sealed class PumpSupervisor(ChaosWorld world, Uri neptune, IKinesisClient kinesis, IPumpStateStore state, string streamName)
{
    public const string PumpId = "chaos-pump";

    public int Starts { get; private set; }

    public async Task RunAsync(CancellationToken stop)
    {
        using HttpClient http = NeptuneHttp.Create(null, "us-east-1", "neptune-db", TimeSpan.FromSeconds(30));
        while (!stop.IsCancellationRequested)
        {
            using var life = CancellationTokenSource.CreateLinkedTokenSource(stop);
            var options = new PumpOptions
            {
                NeptuneEndpoint = neptune,
                KinesisStreamName = streamName,
                PumpId = PumpId,
                Owner = "chaos-pump-host",
                PollInterval = TimeSpan.FromMilliseconds(20),
                Limit = 50 + (int)(world.Random.NextDouble() * 450),
            };
            var pump = new StreamPump(options, http, new KillingKinesisClient(kinesis, life, world), state);
            Starts++;
            try
            {
                PumpRunSummary run = await pump.RunAsync(null, life.Token).ConfigureAwait(false);
                if (!life.IsCancellationRequested)
                {
                    // Stopped on its own (an error it reports): start again after a pause, as the next scheduled run would.
                    Console.Error.WriteLine($"pump stopped: {run.StopReason} {run.Error}");
                    await Task.Delay(TimeSpan.FromMilliseconds(200), stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (life.IsCancellationRequested)
            {
                // Killed (or the run is over): the next iteration is the restart.
            }
        }
    }
}
