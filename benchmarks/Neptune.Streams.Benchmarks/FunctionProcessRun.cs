using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Neptune.Streams.Local.RuntimeApi;

namespace Neptune.Streams.Benchmarks;

/// <summary>
/// The 6 MB batch through a real function process, as Lambda runs it: the Native AOT <c>bootstrap</c>, the JIT build of
/// the same function (Function/), and the JIT build published ReadyToRun with tiered compilation off (optimized code
/// from the first batch, none better later), each one process against the Runtime API emulator. Time per batch is taken
/// at the emulator (queue to answer, payload transfer included); peak RSS is the process's <c>VmHWM</c> after all rounds.
/// </summary>
public static class FunctionProcessRun
{
    // Enough batches for the JIT build's tiered compilation to settle (about 15) and for the heap's large-object
    // fragmentation to show: after 5 batches the JIT build's peak RSS was 90-105 MB, after 40 it was 125-143 MB.
    private const int WarmRounds = 30;
    private const int FunctionMemoryMB = 128;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task PrintAsync()
    {
        string project = typeof(FunctionProcessRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "FunctionProject").Value!;
        string root = Path.Combine(Path.GetTempPath(), "nsl-bench-function");
        byte[] payload = EventFactory.Payload(EventFactory.Create(null));
        int records = EventFactory.Create(null).Records.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"function process, {records:N0}-record {payload.Length / 1024.0 / 1024.0:F1} MB batch, Runtime API emulator, AWS_LAMBDA_FUNCTION_MEMORY_SIZE={FunctionMemoryMB} ({WarmRounds} warm rounds after the first):"));

        string? jit = Build(project, Path.Combine(root, "jit"), Kind.Jit);
        string? readyToRun = Build(project, Path.Combine(root, "r2r"), Kind.ReadyToRun);
        string? aot = Build(project, Path.Combine(root, "aot"), Kind.Aot);
        foreach ((string name, string? entry) in new[] { ("AOT", aot), ("JIT", jit), ("JIT, ReadyToRun, no tiering", readyToRun) })
        {
            if (entry is null)
            {
                Console.WriteLine($"  {name}: n/a (build failed, see above)");
                continue;
            }

            string line = await RunAsync(name, entry, payload, records);
            Console.WriteLine("  " + line);
        }

        Console.WriteLine("  goal (issue 12): peak RSS of the 6 MB batch fits a 128 MB function");
    }

    private static async Task<string> RunAsync(string name, string entry, byte[] payload, int records)
    {
        await using var emulator = RuntimeApiEmulator.Start();
        bool native = !entry.EndsWith(".dll", StringComparison.Ordinal);
        var start = new ProcessStartInfo(native ? entry : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (!native)
        {
            start.ArgumentList.Add(entry);
        }

        start.Environment["AWS_LAMBDA_RUNTIME_API"] = emulator.RuntimeApi;
        start.Environment["AWS_LAMBDA_FUNCTION_NAME"] = "neptune-streams-benchmark";
        // What Lambda sets for a 128 MB function; the bootstrap makes it the GC's heap limit, as Lambda's .NET runtime does.
        start.Environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = FunctionMemoryMB.ToString(CultureInfo.InvariantCulture);
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var times = new List<double>();
            for (int round = 0; round <= WarmRounds; round++)
            {
                long started = Stopwatch.GetTimestamp();
                using var patience = new CancellationTokenSource(Timeout);
                InvocationResult result = await emulator.InvokeAsync(payload, Timeout, patience.Token);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (result.Outcome != InvocationOutcome.Response || result.BodyText.Contains("itemIdentifier", StringComparison.Ordinal))
                {
                    return $"{name}: the batch failed: {result.Outcome} {result.ErrorType} {result.BodyText[..Math.Min(300, result.BodyText.Length)]}";
                }
            }

            long? peakKb = PeakRssKb(process.Id);
            double[] warm = [.. times.Skip(1).Order()];
            double median = warm[warm.Length / 2];
            return string.Create(CultureInfo.InvariantCulture,
                $"{name}: first batch (init included) {times[0],6:F0} ms, warm median {median,5:F0} ms ({records / (median / 1000):N0} rec/s), peak RSS {(peakKb is { } kb ? (kb / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " MB" : "n/a")}");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>The process's peak resident set (<c>VmHWM</c> in <c>/proc/&lt;pid&gt;/status</c>), in kB.</summary>
    private static long? PeakRssKb(int pid)
    {
        string status = $"/proc/{pid}/status";
        if (!File.Exists(status))
        {
            return null;
        }

        string? line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Builds (JIT), publishes ReadyToRun (JIT, with code compiled ahead for the start, as a <c>dotnet10</c> function can
    /// be deployed) or publishes with Native AOT into <paramref name="output"/>; the entry point, or null on failure.
    /// </summary>
    private static string? Build(string project, string output, Kind kind)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments = kind switch
        {
            Kind.Aot => ["publish", project, "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true"],
            Kind.ReadyToRun => ["publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=true", "-p:TieredCompilation=false"],
            _ => ["build", project, "-c", "Release"],
        };
        foreach (string argument in (string[])[.. arguments, "--artifacts-path", output + "-artifacts", "-o", output])
        {
            start.ArgumentList.Add(argument);
        }

        Console.WriteLine($"  ({kind switch { Kind.Aot => "publishing Native AOT", Kind.ReadyToRun => "publishing ReadyToRun", _ => "building JIT" }}: dotnet {string.Join(' ', start.ArgumentList)})");
        using var process = Process.Start(start)!;
        Task<string> errors = process.StandardError.ReadToEndAsync();
        string log = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.WriteLine(log + errors.GetAwaiter().GetResult());
            return null;
        }

        string entry = Path.Combine(output, "Neptune.Streams.Benchmarks.Function" + (kind == Kind.Aot ? string.Empty : ".dll"));
        return File.Exists(entry) ? entry : null;
    }

    private enum Kind
    {
        Jit,
        ReadyToRun,
        Aot,
    }
}
