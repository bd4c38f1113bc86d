using System.Diagnostics;
using System.Globalization;

namespace Neptune.Streams.Benchmarks;

/// <summary>
/// One run that prints, per batch size, records per second from the payload bytes to the response bytes (the
/// function's <c>FunctionHandler(Stream)</c> path: read the event, decode, parse, assemble, dispatch to a typed handler and
/// two plain ones) and its ratios to the parse floor, a naive C# consumer and the seed tutorial's Python handler, all
/// measured in this run on this machine, plus bytes allocated per record (each size in five processes of its own, the
/// median one shown); then the 6 MB batch through a function process (Native AOT and JIT) on the Runtime API emulator
/// with its peak RSS; then the pump's figures, from a process of its own.
/// </summary>
public static class QuickMode
{
    // Each size is measured in this many processes of its own; the process with the median ratio to the floor is shown.
    private const int SizeProcesses = 5;
    private static readonly int?[] Sizes = [100, 1000, null];

    public static async Task<int> RunAsync(string[] args)
    {
        bool processes = !args.Contains("--no-process");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription.Trim()}, .NET {Environment.Version}");
        Console.WriteLine("records: PG_JSON, one Neptune record per Kinesis record (vertex adds, edge adds, renames); every figure from the payload bytes to the response bytes");
        Console.WriteLine($"each size measured in {SizeProcesses} processes of its own: the one with the median ratio to the floor is shown, with every process's ratio and the best rates' ratio; B/record is the most of any");
        Console.WriteLine();

        var measured = new List<SizeFigures[]>();
        for (int process = 0; process < SizeProcesses; process++)
        {
            measured.Add(await MeasureSizesInProcessAsync());
        }

        Console.WriteLine($"{"records",8} {"MB",5} {"framework rec/s",16} {"floor rec/s",12} {"naive rec/s",12} {"python rec/s",13} {"vs floor",9} {"vs naive",9} {"vs python",10} {"B/record",9}  vs floor per process; best/best");
        for (int s = 0; s < Sizes.Length; s++)
        {
            SizeFigures[] runs = [.. measured.Select(m => m[s])];
            SizeFigures median = runs.OrderBy(r => r.Framework / r.Floor).ElementAt(runs.Length / 2);
            int n = median.Records;
            double allocated = runs.Max(r => r.Allocated);
            double? python = RunPython(EventFactory.Payload(EventFactory.Create(Sizes[s])), n);
            string perProcess = string.Join(", ", runs.Select(r => (r.Framework / r.Floor).ToString("P0", CultureInfo.InvariantCulture)));
            string bestOverBest = (runs.Max(r => r.Framework) / runs.Max(r => r.Floor)).ToString("P0", CultureInfo.InvariantCulture);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{n,8} {median.Bytes / 1024.0 / 1024.0,5:F1} {median.Framework,16:N0} {median.Floor,12:N0} {median.Naive,12:N0} {(python is { } p ? p.ToString("N0", CultureInfo.InvariantCulture) : "n/a"),13} {median.Framework / median.Floor,8:P0} {median.Framework / median.Naive,8:0.00}x {(python is { } q ? (median.Framework / q).ToString("0.0", CultureInfo.InvariantCulture) + "x" : "n/a"),10} {allocated,9:N0}  {perProcess}; {bestOverBest}"));
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

    /// <summary>One size's figures from one process: records per second of each path, and bytes allocated per record.</summary>
    private sealed record SizeFigures(int Records, int Bytes, double Framework, double Floor, double Naive, double Allocated)
    {
        public const string Prefix = "size-figures ";

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Records} {Bytes} {Framework:R} {Floor:R} {Naive:R} {Allocated:R}");

        public static SizeFigures Parse(string line)
        {
            string[] parts = line[Prefix.Length..].Split(' ');
            double At(int i) => double.Parse(parts[i], CultureInfo.InvariantCulture);
            return new SizeFigures((int)At(0), (int)At(1), At(2), At(3), At(4), At(5));
        }
    }

    /// <summary>Runs this program's <c>sizes</c> mode in a process of its own and reads its figures.</summary>
    private static async Task<SizeFigures[]> MeasureSizesInProcessAsync()
    {
        string output = await ChildProcess.RunAsync("sizes", capture: true);
        SizeFigures[] figures = [.. output.Split('\n').Where(l => l.StartsWith(SizeFigures.Prefix, StringComparison.Ordinal)).Select(SizeFigures.Parse)];
        return figures.Length == Sizes.Length
            ? figures
            : throw new InvalidOperationException($"The measuring process printed {figures.Length} sizes' figures, not {Sizes.Length}: {output}");
    }

    /// <summary>
    /// The <c>sizes</c> mode: each batch size's framework, floor and naive rates (in turns) and allocation, measured warm
    /// in this process, one line per size for <see cref="RunAsync"/> to read.
    /// </summary>
    public static async Task<int> MeasureSizesAsync()
    {
        // Warm every path up on the largest event first, so tiered compilation has produced optimized code before
        // anything is measured (otherwise the first, smallest size is measured on unoptimized code).
        await using (var function = new BenchmarkFunction())
        {
            await WarmUpAsync(function, new NaiveConsumer(), EventFactory.Payload(EventFactory.Create(null)), TimeSpan.FromSeconds(3));
        }

        foreach (int? size in Sizes)
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
            double allocated = await Measure.AllocatedPerItemAsync(n, framework);
            Console.WriteLine(new SizeFigures(n, payload.Length, rates[0], rates[1], rates[2], allocated));
        }

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
