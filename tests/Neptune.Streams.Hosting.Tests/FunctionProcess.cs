using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace Neptune.Streams.Hosting.Tests;

/// <summary>
/// The test function running as its own process (JIT: <c>dotnet TestFunction.dll</c>; AOT: the published
/// <c>bootstrap</c>), pointed at a Runtime API emulator; its stdout (EMF) and stderr (JSON logs) are collected.
/// </summary>
internal sealed class FunctionProcess : IAsyncDisposable
{
    public const string FunctionName = "hosting-test";
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private FunctionProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _stdout.Enqueue(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _stderr.Enqueue(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The JIT build of the test function, next to this test project's build.</summary>
    public static string JitDll =>
        Environment.GetEnvironmentVariable("NSL_JIT_DLL") is { Length: > 0 } dll
            ? dll
            : typeof(FunctionProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TestFunctionDll").Value!;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public IReadOnlyList<string> StandardOutput => [.. _stdout];

    public IReadOnlyList<string> StandardError => [.. _stderr];

    /// <summary>Starts the JIT build with <c>dotnet</c>.</summary>
    public static FunctionProcess StartJit(string runtimeApi, IReadOnlyDictionary<string, string>? environment = null) =>
        Start("dotnet", [JitDll], runtimeApi, environment);

    /// <summary>
    /// Starts a native executable (the AOT <c>bootstrap</c>), through <c>NSL_AOT_LAUNCHER</c> when set (e.g.
    /// <c>qemu-aarch64 -L /usr/aarch64-linux-gnu</c> for an arm64 bootstrap on x86_64).
    /// </summary>
    public static FunctionProcess StartNative(string executable, string runtimeApi, IReadOnlyDictionary<string, string>? environment = null)
    {
        string[] launcher = (Environment.GetEnvironmentVariable("NSL_AOT_LAUNCHER") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return launcher.Length == 0
            ? Start(executable, [], runtimeApi, environment)
            : Start(launcher[0], [.. launcher[1..], executable], runtimeApi, environment);
    }

    private static FunctionProcess Start(string fileName, string[] arguments, string runtimeApi, IReadOnlyDictionary<string, string>? environment)
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

        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("NSL_TEST_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["AWS_LAMBDA_RUNTIME_API"] = runtimeApi;
        start.Environment["AWS_LAMBDA_FUNCTION_NAME"] = FunctionName;
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new FunctionProcess(Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start."));
    }

    /// <summary>Sends SIGTERM, as Lambda does before it shuts an execution environment down.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!;
        kill.WaitForExit();
    }

    /// <summary>Waits for the process to exit; false when it is still running after <paramref name="timeout"/>.</summary>
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

    /// <summary>Polls (no fixed sleep) until a stderr line satisfies <paramref name="predicate"/>.</summary>
    public async Task<string> WaitForLogAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            if (_stderr.FirstOrDefault(predicate) is { } line)
            {
                return line;
            }

            await Task.Delay(20);
        }

        return _stderr.FirstOrDefault(predicate)
            ?? throw new TimeoutException($"No such log line within {timeout}. stderr:\n{string.Join('\n', _stderr)}");
    }

    /// <summary>
    /// Polls (no fixed sleep) until <paramref name="condition"/> holds: output is read from pipes asynchronously, so a
    /// line written before a response may reach this process after it.
    /// </summary>
    public async Task<bool> EventuallyAsync(Func<FunctionProcess, bool> condition, TimeSpan timeout)
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
