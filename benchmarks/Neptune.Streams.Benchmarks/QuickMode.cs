using System.Diagnostics;
using System.Globalization;

namespace Neptune.Streams.Benchmarks;

/// <summary>
/// One run that prints, per batch size, records per second from the payload bytes to the response bytes (the
/// function's <c>FunctionHandler(Stream)</c> path: read the event, decode, parse, assemble, dispatch to a typed handler and
/// two plain ones) and its ratios to the parse floor, a naive C# consumer and the seed tutorial's Python handler, all
/// measured in this run on this machine, plus bytes allocated per record; then the 6 MB batch through a function
/// process (Native AOT and JIT) on the Runtime API emulator with its peak RSS; then the pump's figures.
/// </summary>
public static class QuickMode
{
    public static async Task<int> RunAsync(string[] args)
    {
        bool processes = !args.Contains("--no-process");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription.Trim()}, .NET {Environment.Version}");
        Console.WriteLine("records: PG_JSON, one Neptune record per Kinesis record (vertex adds, edge adds, renames); every figure from the payload bytes to the response bytes");
        Console.WriteLine();
        Console.WriteLine($"{"records",8} {"MB",5} {"framework rec/s",16} {"floor rec/s",12} {"naive rec/s",12} {"python rec/s",13} {"vs floor",9} {"vs naive",9} {"vs python",10} {"B/record",9}");

        // Warm every path up on the largest event first, so tiered compilation has produced optimized code before
        // anything is measured (otherwise the first, smallest size is measured on unoptimized code).
        await using (var function = new BenchmarkFunction())
        {
            await WarmUpAsync(function, new NaiveConsumer(), EventFactory.Payload(EventFactory.Create(null)), TimeSpan.FromSeconds(3));
        }

        foreach (int? size in new int?[] { 100, 1000, null })
        {
            var kinesisEvent = EventFactory.Create(size);
            byte[] payload = EventFactory.Payload(kinesisEvent);
            int n = kinesisEvent.Records.Count;

            await using var function = new BenchmarkFunction();
            Func<Task> framework = () => InvokeAsync(function, payload);
            var naive = new NaiveConsumer();

            // The large event's warm-up calls the methods run once per batch only a dozen times, short of the 30 calls
            // after which tiered compilation optimizes a method: every run warms up on this size too, so each size is
            // measured on the code a warm function runs (it moved the 100-record figures by about 8 %).
            await WarmUpAsync(function, naive, payload, TimeSpan.FromSeconds(1));
            double[] rates = await Measure.BestRatesInTurnsAsync(n,
            [
                framework,
                () => { ParseFloor.Run(payload, Stream.Null); return Task.CompletedTask; },
                () => { naive.Run(payload, Stream.Null); return Task.CompletedTask; },
            ]);
            (double frameworkRate, double floor, double naiveRate) = (rates[0], rates[1], rates[2]);
            double? python = RunPython(payload, n);
            double allocated = await Measure.AllocatedPerItemAsync(n, framework);

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{n,8} {payload.Length / 1024.0 / 1024.0,5:F1} {frameworkRate,16:N0} {floor,12:N0} {naiveRate,12:N0} {(python is { } p ? p.ToString("N0", CultureInfo.InvariantCulture) : "n/a"),13} {frameworkRate / floor,8:P0} {frameworkRate / naiveRate,8:0.00}x {(python is { } q ? (frameworkRate / q).ToString("0.0", CultureInfo.InvariantCulture) + "x" : "n/a"),10} {allocated,9:N0}"));
        }

        Console.WriteLine("goals (issue 12): >= 50% of the floor, >= 2.5x naive, >= 5x python, < 1 KB/record flat in batch size");
        Console.WriteLine();
        if (processes)
        {
            await FunctionProcessRun.PrintAsync();
        }
        else
        {
            Console.WriteLine("function processes: skipped (--no-process)");
        }

        Console.WriteLine();
        await PumpRun.PrintInOwnProcessAsync();

        Console.WriteLine();
        var checkpoints = await CheckpointRoundTrip.MeasureAsync(EventFactory.Create(1000));
        Console.WriteLine(checkpoints is { } c
            ? $"DynamoDB requests per 1,000-record batch with checkpoints on (moto_server): {c.First} (first delivery, {c.RoundTrip.TotalMilliseconds:F0} ms), {c.Redelivery} (redelivery of the same batch)"
            : "DynamoDB requests per batch: n/a (moto_server not installed)");
        return 0;
    }

    /// <summary>The function as Lambda's managed runtime calls it: payload stream in, response stream out.</summary>
    public static async Task InvokeAsync(BenchmarkFunction function, byte[] payload)
    {
        using var input = new MemoryStream(payload, writable: false);
        await using Stream output = await function.FunctionHandler(input);
        await output.CopyToAsync(Stream.Null);
    }

    private static async Task WarmUpAsync(BenchmarkFunction function, NaiveConsumer naive, byte[] payload, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            await InvokeAsync(function, payload);
            ParseFloor.Run(payload, Stream.Null);
            naive.Run(payload, Stream.Null);
        }
    }

    private static double? RunPython(byte[] payload, int records)
    {
        string file = Path.Combine(Path.GetTempPath(), $"nsl-bench-{Environment.ProcessId}.json");
        try
        {
            File.WriteAllBytes(file, payload);
            var start = new ProcessStartInfo("python3")
            {
                ArgumentList = { Path.Combine(AppContext.BaseDirectory, "seed_handler.py"), file, records > 2000 ? "5" : "20" },
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
