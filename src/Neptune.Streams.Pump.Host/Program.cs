using Microsoft.Extensions.Logging;
using Neptune.Streams.Lambda.Hosting;
using Neptune.Streams.Pump.Hosting;
using Neptune.Streams.Pump.Pumping;

// The pump as a long-running process: configured by environment variables (see PumpSettings.FromEnvironment), runs
// until Ctrl+C or SIGTERM, and waits its turn while another pump holds the lease.
PumpSettings settings;
try
{
    settings = PumpSettings.FromEnvironment();
}
catch (InvalidOperationException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

settings.Pump.MetricsOutput = Console.Out;
using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(new JsonConsoleLoggerProvider(Console.Error)));
ILogger logger = loggerFactory.CreateLogger("Neptune.Streams.Pump");
PumpHost host;
try
{
    host = PumpHost.Create(settings, logger);
}
catch (Amazon.Runtime.AmazonClientException ex)
{
    await Console.Error.WriteLineAsync($"No AWS credentials: {ex.Message}");
    return 2;
}

using var hostScope = host;
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

while (!stop.IsCancellationRequested)
{
    PumpRunSummary run = await host.Pump.RunAsync(cancellationToken: stop.Token);
    await Console.Out.WriteLineAsync(
        $"pump stopped: {run.StopReason}; {run.RecordsForwarded} records, {run.KinesisRecordsWritten} Kinesis records, position {run.Position}");
    switch (run.StopReason)
    {
        case PumpStopReason.Cancelled:
            return 0;
        case PumpStopReason.LeaseHeldElsewhere or PumpStopReason.LeaseLost:
            try
            {
                await Task.Delay(settings.Pump.LeaseDuration / 2, stop.Token);
            }
            catch (OperationCanceledException)
            {
                return 0;
            }

            break;
        default:
            return 1;
    }
}

return 0;
