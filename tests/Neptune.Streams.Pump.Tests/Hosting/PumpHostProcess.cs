using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Pump.Tests.Hosting;

/// <summary>
/// <c>neptune-stream-pump</c> (the JIT build of Neptune.Streams.Pump.Host) as its own process, with dummy AWS
/// credentials; its stdout (EMF, summaries) and stderr (JSON logs) are collected.
/// </summary>
internal sealed class PumpHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private PumpHostProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _stdout.Enqueue(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _stderr.Enqueue(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private static string Dll =>
        typeof(PumpHostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PumpHostDll").Value!;

    public int ExitCode => _process.ExitCode;

    public IReadOnlyList<string> StandardOutput => [.. _stdout];

    /// <summary>Starts the JIT build with <c>dotnet</c>.</summary>
    public static PumpHostProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        Start("dotnet", [Dll, .. arguments], environment);

    /// <summary>Starts a native executable (the Native AOT <c>bootstrap</c>).</summary>
    public static PumpHostProcess StartNative(string executable, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        Start(executable, arguments, environment);

    private static PumpHostProcess Start(string fileName, string[] arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("NEPTUNE_STREAMS_", StringComparison.Ordinal) || k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = "testing";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "testing";
        start.Environment["AWS_REGION"] = MotoServer.Region;
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new PumpHostProcess(Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start."));
    }

    /// <summary>Waits for the exit; false when still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            _process.WaitForExit(); // drains the redirected streams
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Polls (no fixed sleep) until <paramref name="condition"/> holds or <paramref name="timeout"/> passes.</summary>
    public async Task<bool> EventuallyAsync(Func<PumpHostProcess, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(this))
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    public string Describe() => $"stdout:\n{string.Join('\n', _stdout)}\nstderr:\n{string.Join('\n', _stderr)}";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
