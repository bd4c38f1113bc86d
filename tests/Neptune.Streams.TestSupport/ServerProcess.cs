using System.Collections.Concurrent;
using System.Diagnostics;

namespace Neptune.Streams.TestSupport;

/// <summary>
/// An external server (moto_server, redis-server) that must be told its port: it is started on a free port and
/// restarted on another when that port was taken between the probe and its bind ("address in use"), so that servers
/// started at once by parallel tests never fail for it. Ready means the server printed that it listens.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private const int Attempts = 8;
    private readonly Process _process;

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The port the server listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>Whether the server has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts the server and waits until it prints <paramref name="readyText"/>.</summary>
    /// <param name="name">The server's name, for messages.</param>
    /// <param name="startInfo">The command line for a port.</param>
    /// <param name="readyText">Text the server prints once it listens (after its bind succeeded).</param>
    /// <param name="timeout">How long one start may take.</param>
    /// <exception cref="InvalidOperationException">The server exited for another reason, or did not become ready in time.</exception>
    public static ServerProcess Start(string name, Func<int, ProcessStartInfo> startInfo, string readyText, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        for (int attempt = 1; ; attempt++)
        {
            int port = FreePort.Next();
            ProcessStartInfo info = startInfo(port);
            info.RedirectStandardOutput = true;
            info.RedirectStandardError = true;
            info.UseShellExecute = false;
            var output = new ConcurrentQueue<string>();
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var process = new Process { StartInfo = info, EnableRaisingEvents = true };
            DataReceivedEventHandler onLine = (_, e) =>
            {
                if (e.Data is { } line)
                {
                    output.Enqueue(line);
                    if (line.Contains(readyText, StringComparison.Ordinal))
                    {
                        ready.TrySetResult();
                    }
                }
            };
            process.OutputDataReceived += onLine;
            process.ErrorDataReceived += onLine;
            try
            {
                process.Start();
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                process.Dispose();
                throw new InvalidOperationException($"{name} could not be started: {ex.Message}", ex);
            }

            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            Task exited = process.WaitForExitAsync();
            Task first = Task.WhenAny(ready.Task, exited, Task.Delay(timeout)).GetAwaiter().GetResult();
            if (first == ready.Task)
            {
                return new ServerProcess(process, port);
            }

            bool portTaken = first == exited && output.Any(line => line.Contains("in use", StringComparison.OrdinalIgnoreCase));
            string said = string.Join(Environment.NewLine, output.TakeLast(10));
            Stop(process);
            if (portTaken && attempt < Attempts)
            {
                continue;
            }

            throw new InvalidOperationException(first == exited
                ? $"{name} exited before it listened on 127.0.0.1:{port} (attempt {attempt}):{Environment.NewLine}{said}"
                : $"{name} did not listen on 127.0.0.1:{port} within {timeout.TotalSeconds:0} s:{Environment.NewLine}{said}");
        }
    }

    /// <summary>Kills the server.</summary>
    public void Dispose() => Stop(_process);

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        process.Dispose();
    }
}
