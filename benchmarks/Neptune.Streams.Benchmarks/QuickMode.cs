using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Benchmarks;

/// <summary>
/// One run that prints, per event size, records per second of the framework and its ratio to the parse floor, a naive
/// C# consumer and the seed tutorial's Python handler — all measured in this run on this machine — plus bytes
/// allocated per record.
/// </summary>
public static class QuickMode
{
    private static readonly TimeSpan MeasureFor = TimeSpan.FromMilliseconds(800);

    public static async Task<int> RunAsync()
    {
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription.Trim()}, .NET {Environment.Version}");
        Console.WriteLine("records: PG_JSON, one Neptune record per Kinesis record (vertex adds, edge adds, renames)");
        Console.WriteLine();
        Console.WriteLine($"{"records",8} {"framework rec/s",16} {"floor rec/s",12} {"naive rec/s",12} {"python rec/s",13} {"vs floor",9} {"vs naive",9} {"vs python",10} {"B/record",9}");

        foreach (int? size in new int?[] { 100, 1000, null })
        {
            KinesisEvent kinesisEvent = EventFactory.Create(size);
            int n = kinesisEvent.Records.Count;

            await using var function = new BenchmarkFunction();
            double framework = await MeasureAsync(n, async () => await function.ProcessAsync(kinesisEvent));
            double floor = await MeasureAsync(n, () => { ParseFloor.Run(kinesisEvent); return Task.CompletedTask; });
            var naive = new NaiveConsumer();
            double naiveRate = await MeasureAsync(n, () => { naive.Run(kinesisEvent); return Task.CompletedTask; });
            double? python = RunPython(kinesisEvent);
            double allocated = await AllocatedPerRecordAsync(function, kinesisEvent);

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{n,8} {framework,16:N0} {floor,12:N0} {naiveRate,12:N0} {(python is { } p ? p.ToString("N0", CultureInfo.InvariantCulture) : "n/a"),13} {framework / floor,8:P0} {framework / naiveRate,8:0.00}x {(python is { } q ? (framework / q).ToString("0.0", CultureInfo.InvariantCulture) + "x" : "n/a"),10} {allocated,9:N0}"));
        }

        Console.WriteLine();
        Console.WriteLine("goals: framework >= 50% of the floor, >= 2.5x naive, >= 5x python, < 1 KB/record independent of batch size");
        return 0;
    }

    /// <summary>Best records/second over repeated runs within the measuring window, after a warm-up.</summary>
    private static async Task<double> MeasureAsync(int records, Func<Task> run)
    {
        for (int i = 0; i < 3; i++)
        {
            await run();
        }

        double best = 0;
        var window = Stopwatch.StartNew();
        int rounds = 0;
        while (window.Elapsed < MeasureFor || rounds < 5)
        {
            long start = Stopwatch.GetTimestamp();
            await run();
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            best = Math.Max(best, records / seconds);
            rounds++;
        }

        return best;
    }

    private static async Task<double> AllocatedPerRecordAsync(BenchmarkFunction function, KinesisEvent kinesisEvent)
    {
        await function.ProcessAsync(kinesisEvent);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        await function.ProcessAsync(kinesisEvent);
        long after = GC.GetTotalAllocatedBytes(precise: true);
        return (after - before) / (double)kinesisEvent.Records.Count;
    }

    private static double? RunPython(KinesisEvent kinesisEvent)
    {
        string file = Path.Combine(Path.GetTempPath(), $"nsl-bench-{Environment.ProcessId}.json");
        try
        {
            File.WriteAllBytes(file, JsonSerializer.SerializeToUtf8Bytes(kinesisEvent, BenchJsonContext.Default.KinesisEvent));
            var start = new ProcessStartInfo("python3")
            {
                ArgumentList = { Path.Combine(AppContext.BaseDirectory, "seed_handler.py"), file, kinesisEvent.Records.Count > 2000 ? "5" : "20" },
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            const string prefix = "records_per_second=";
            int at = output.IndexOf(prefix, StringComparison.Ordinal);
            return at < 0 ? null : double.Parse(output[(at + prefix.Length)..].Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
