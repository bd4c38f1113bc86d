using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Neptune.Streams.TestSupport;

/// <summary>
/// A process a test starts: its stdout and stderr are collected line by line, it can be sent SIGTERM (as Lambda does
/// before it shuts an execution environment down) and waited for with a timeout, and it is killed, with its children,
/// when disposed. <see cref="RunAsync"/> runs a command to its end instead.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private ChildProcess(Process process, string commandLine)
    {
        _process = process;
        CommandLine = commandLine;
    }

    /// <summary>The command line, for messages.</summary>
    public string CommandLine { get; }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>The lines written to stdout so far.</summary>
    public IReadOnlyList<string> StandardOutput => [.. _stdout];

    /// <summary>The lines written to stderr so far.</summary>
    public IReadOnlyList<string> StandardError => [.. _stderr];

    /// <summary>Starts <paramref name="startInfo"/> with stdout and stderr redirected and read as they come, stdin closed.</summary>
    /// <exception cref="InvalidOperationException">The program could not be started (not installed, not on PATH).</exception>
    public static ChildProcess Start(ProcessStartInfo startInfo) => Start(startInfo, standardInput: null);

    /// <summary>
    /// Starts <paramref name="startInfo"/> with stdout and stderr redirected and read as they come; writes
    /// <paramref name="standardInput"/> (when not null) to its stdin, then closes it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The program could not be started (not installed, not on PATH).</exception>
    public static ChildProcess Start(ProcessStartInfo startInfo, string? standardInput)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.RedirectStandardInput = true;
        startInfo.UseShellExecute = false;
        string commandLine = $"{startInfo.FileName} {string.Join(' ', startInfo.ArgumentList)}".TrimEnd();
        var process = new Process { StartInfo = startInfo };
        var child = new ChildProcess(process, commandLine);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { child._stdout.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { child._stderr.Enqueue(e.Data); } };
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            process.Dispose();
            throw new InvalidOperationException($"Cannot start `{startInfo.FileName}`: is it installed and on PATH? ({exception.Message})", exception);
        }

        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs <paramref name="startInfo"/> to its end and returns its exit code and output.</summary>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="timeout"/>; it was killed, and the message holds its output.</exception>
    public static Task<ProcessResult> RunAsync(ProcessStartInfo startInfo, TimeSpan timeout) => RunAsync(startInfo, timeout, standardInput: null);

    /// <summary>Runs <paramref name="startInfo"/> to its end with <paramref name="standardInput"/> on its stdin and returns its exit code and output.</summary>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="timeout"/>; it was killed, and the message holds its output.</exception>
    public static async Task<ProcessResult> RunAsync(ProcessStartInfo startInfo, TimeSpan timeout, string? standardInput)
    {
        await using ChildProcess child = Start(startInfo, standardInput);
        if (!await child.WaitForExitAsync(timeout))
        {
            throw new TimeoutException($"{child.Describe()}\n(killed after {timeout})");
        }

        return new ProcessResult(child.CommandLine, child.ExitCode, Join(child._stdout), Join(child._stderr));
    }

    /// <summary>Sends SIGTERM.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", Id.ToString(CultureInfo.InvariantCulture) } })!;
        kill.WaitForExit();
    }

    /// <summary>Waits for the exit and the end of its output; false when still running after <paramref name="timeout"/>.</summary>
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
    /// <exception cref="TimeoutException">No such line within <paramref name="timeout"/>, or the process exited without one.</exception>
    public async Task<string> WaitForErrorLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        if (await EventuallyAsync(p => p.HasExited || p._stderr.Any(predicate), timeout) && _stderr.FirstOrDefault(predicate) is { } line)
        {
            return line;
        }

        return _stderr.FirstOrDefault(predicate)
            ?? throw new TimeoutException($"No such log line within {timeout}. stderr:\n{Join(_stderr)}");
    }

    /// <summary>
    /// Polls (no fixed sleep) until <paramref name="condition"/> holds: output is read from pipes asynchronously, so a
    /// line written before a response may reach this process after it.
    /// </summary>
    public async Task<bool> EventuallyAsync(Func<ChildProcess, bool> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
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

    /// <summary>The command line and everything written so far.</summary>
    public string Describe() => $"`{CommandLine}`\n--- stdout ---\n{Join(_stdout)}\n--- stderr ---\n{Join(_stderr)}";

    /// <summary>Kills the process and its children if still running.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // never started or already gone
        }

        _process.Dispose();
    }

    private static string Join(IEnumerable<string> lines) => string.Concat(lines.Select(line => line + "\n"));
}
