using Microsoft.Extensions.Logging;
using Neptune.Streams.Lambda.Hosting;
using Neptune.Streams.Pump.Hosting;
using Neptune.Streams.Pump.Pumping;

namespace Neptune.Streams.Pump.Host;

/// <summary>
/// The pump, configured by environment variables (<see cref="PumpSettings.FromEnvironment"/>): in Lambda (the Runtime
/// API is set) each scheduled invocation pumps until shortly before its deadline; anywhere else it pumps until Ctrl+C
/// or SIGTERM and waits its turn while another pump holds the lease.
/// </summary>
internal static class PumpCommand
{
    /// <param name="snapshot">Start with a snapshot of the graph (<see cref="PumpStartPosition.Snapshot"/>) whatever <c>NEPTUNE_STREAMS_PUMP_INITIAL_POSITION</c> says.</param>
    public static async Task<int> RunAsync(bool snapshot = false)
    {
        PumpSettings settings;
        try
        {
            settings = PumpSettings.FromEnvironment();
        }
        catch (InvalidOperationException ex)
        {
            // In Lambda this exit is reported as Runtime.ExitError with this line in the log.
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }

        if (snapshot)
        {
            settings.Pump.StartPosition = PumpStartPosition.Snapshot;
        }

        settings.Pump.MetricsOutput = Console.Out;
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(JsonConsoleLoggerProvider.ForStandardError()));
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

        using (host)
        {
            return Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API") is { Length: > 0 }
                ? await LambdaBootstrap.RunHandlerAsync(
                    (payload, invocation, stopping) => ScheduledPumpRun.InvokeAsync(host.Pump, payload, invocation, stopping), loggerFactory)
                : await RunUntilStoppedAsync(host, settings);
        }
    }

    private static async Task<int> RunUntilStoppedAsync(PumpHost host, PumpSettings settings)
    {
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
                $"pump stopped: {run.StopReason}; {run.SnapshotElementsWritten} snapshot elements, {run.RecordsForwarded} records, {run.KinesisRecordsWritten} Kinesis records, position {run.Position}");
            switch (run.StopReason)
            {
                case PumpStopReason.Cancelled:
                    return 0;
                case PumpStopReason.LeaseHeldElsewhere or PumpStopReason.LeaseLost or PumpStopReason.LabelsUnavailable:
                    // Another pump's turn, or Neptune's label look-ups failing for now: try again later from the stored position.
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
    }
}
