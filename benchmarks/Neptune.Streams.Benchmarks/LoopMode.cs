using System.Diagnostics;
using System.Globalization;

namespace Neptune.Streams.Benchmarks;

/// <summary>
/// The function's payload path in a loop, for a sampling profiler (<c>perf record</c>, <c>dotnet-trace</c>): one batch
/// size, warm, for a given time; prints the rate and the GC's share of the wall clock.
/// </summary>
public static class LoopMode
{
    /// <param name="args"><c>loop [100|1000|6mb|pump|pump-floor] [seconds]</c>; 6 MB and 20 s by default.</param>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 1 && args[1] is "pump" or "pump-floor")
        {
            return await RunPumpAsync(args[1] == "pump-floor", args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 20);
        }

        int? size = args.Length > 1 && args[1] != "6mb" ? int.Parse(args[1], CultureInfo.InvariantCulture) : null;
        double seconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        var kinesisEvent = EventFactory.Create(size);
        byte[] payload = EventFactory.Payload(kinesisEvent);
        await using var function = new BenchmarkFunction();
        for (int i = 0; i < 20; i++)
        {
            await QuickMode.InvokeAsync(function, payload);
        }

        int[] before = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        TimeSpan pausedBefore = GC.GetTotalPauseDuration();
        var clock = Stopwatch.StartNew();
        long records = 0;
        long batches = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            await QuickMode.InvokeAsync(function, payload);
            records += kinesisEvent.Records.Count;
            batches++;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{kinesisEvent.Records.Count:N0}-record batches: {records / clock.Elapsed.TotalSeconds:N0} records/s, GC pauses {(GC.GetTotalPauseDuration() - pausedBefore) / clock.Elapsed:P1} of the time, collections per batch (of gen 0 and up / 1 and up / 2) {(GC.CollectionCount(0) - before[0]) / (double)batches:F2}/{(GC.CollectionCount(1) - before[1]) / (double)batches:F2}/{(GC.CollectionCount(2) - before[2]) / (double)batches:F3}"));
        return 0;
    }

    /// <summary>The pump's benchmark run (local endpoint with gzip to in-memory Kinesis), or its floor, in a loop.</summary>
    private static async Task<int> RunPumpAsync(bool floor, double seconds)
    {
        var (setup, records) = await PumpRun.CreateAsync();
        await using var owned = setup;
        Func<Task> run = floor ? () => PumpRun.ReadAndReserializeAsync(setup.Http, setup.Endpoint.Endpoint, records) : setup.RunAsync;
        int[] before = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        TimeSpan pausedBefore = GC.GetTotalPauseDuration();
        var clock = Stopwatch.StartNew();
        long forwarded = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            await run();
            forwarded += records;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(floor ? "pump floor" : "pump")}: {forwarded / clock.Elapsed.TotalSeconds:N0} records/s, GC pauses {(GC.GetTotalPauseDuration() - pausedBefore) / clock.Elapsed:P1} of the time, collections (of gen 0 and up / 1 and up / 2) {GC.CollectionCount(0) - before[0]}/{GC.CollectionCount(1) - before[1]}/{GC.CollectionCount(2) - before[2]}"));
        return 0;
    }
}
