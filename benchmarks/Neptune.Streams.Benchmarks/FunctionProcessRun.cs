using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Neptune.Streams.Local.RuntimeApi;

namespace Neptune.Streams.Benchmarks;

/// <summary>
/// The 6 MB batch through a real function process, as Lambda runs it: the Native AOT <c>bootstrap</c> and the JIT build
/// of the same function (Function/), each one process against the Runtime API emulator. Time per batch is taken at the
/// emulator (queue to answer, payload transfer included); peak RSS is the process's <c>VmHWM</c>.
/// </summary>
public static class FunctionProcessRun
{
    private const int WarmRounds = 5;
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

        string? jit = Build(project, Path.Combine(root, "jit"), aot: false);
        string? aot = Build(project, Path.Combine(root, "aot"), aot: true);
        foreach ((string name, string? entry) in new[] { ("AOT", aot), ("JIT", jit) })
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

    /// <summary>Builds (JIT) or publishes with Native AOT into <paramref name="output"/>; the entry point, or null on failure.</summary>
    private static string? Build(string project, string output, bool aot)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in aot
            ? new[] { "publish", project, "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "--artifacts-path", output + "-artifacts", "-o", output }
            : new[] { "build", project, "-c", "Release", "--artifacts-path", output + "-artifacts", "-o", output })
        {
            start.ArgumentList.Add(argument);
        }

        Console.WriteLine($"  ({(aot ? "publishing Native AOT" : "building JIT")}: dotnet {string.Join(' ', start.ArgumentList)})");
        using var process = Process.Start(start)!;
        Task<string> errors = process.StandardError.ReadToEndAsync();
        string log = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.WriteLine(log + errors.GetAwaiter().GetResult());
            return null;
        }

        string entry = Path.Combine(output, "Neptune.Streams.Benchmarks.Function" + (aot ? string.Empty : ".dll"));
        return File.Exists(entry) ? entry : null;
    }
}
