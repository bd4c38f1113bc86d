using System.Diagnostics;

namespace Neptune.Streams.Benchmarks;

/// <summary>This benchmark program run again in a process of its own, in one of its modes.</summary>
public static class ChildProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Runs <paramref name="mode"/> (as <c>dotnet &lt;dll&gt;</c> when this process is <c>dotnet</c>, else its apphost) and
    /// returns its standard output, or only lets it print when <paramref name="capture"/> is false. A process that fails
    /// or outlives the timeout (then killed with its children) throws.
    /// </summary>
    public static async Task<string> RunAsync(string mode, bool capture)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false, RedirectStandardOutput = capture };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        }

        start.ArgumentList.Add(mode);
        using var process = Process.Start(start)!;
        using var patience = new CancellationTokenSource(Timeout);
        try
        {
            Task<string> output = capture ? process.StandardOutput.ReadToEndAsync(patience.Token) : Task.FromResult(string.Empty);
            await process.WaitForExitAsync(patience.Token);
            string text = await output;
            return process.ExitCode == 0
                ? text
                : throw new InvalidOperationException($"The benchmark's '{mode}' process exited with {process.ExitCode}: {text}");
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The benchmark's '{mode}' process ran longer than {Timeout.TotalMinutes} minutes and was killed.");
        }
    }
}
