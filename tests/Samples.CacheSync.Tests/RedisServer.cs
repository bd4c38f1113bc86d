using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Neptune.Streams.TestSupport;

namespace Samples.CacheSync.Tests;

/// <summary>
/// A real <c>redis-server</c> on a free 127.0.0.1 port, without persistence, started for a test class and killed
/// afterwards. When the binary is missing it installs the Debian package if running as root, else fails clearly.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private const string Binary = "redis-server";
    private readonly ServerProcess _process;

    /// <summary>Starts redis-server and waits until it answers PING.</summary>
    public RedisServer()
    {
        string binary = Environment.GetEnvironmentVariable("REDIS_SERVER") ?? FindOrInstall();
        // redis-server logs "Ready to accept connections" once it has bound the port.
        _process = ServerProcess.Start(
            "redis-server",
            port => new ProcessStartInfo(binary)
            {
                ArgumentList = { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no" },
            },
            "Ready to accept connections",
            TimeSpan.FromSeconds(20));
        Port = _process.Port;
        WaitUntilReady();
    }

    /// <summary>The port redis-server listens on.</summary>
    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string for this server (admin mode, for FLUSHALL in tests).</summary>
    public string Configuration => $"127.0.0.1:{Port},allowAdmin=true";

    private static string FindOrInstall()
    {
        string? found = Locate();
        if (found is not null)
        {
            return found;
        }

        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException(
                "redis-server is not installed and this process is not root, so it cannot install it: run `sudo apt-get install -y redis-server` (bash .ci/run does it).");
        }

        using var install = Process.Start(new ProcessStartInfo("apt-get", ["install", "-y", "redis-server"]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("apt-get did not start.");
        install.WaitForExit();
        return Locate() ?? throw new InvalidOperationException(
            $"`apt-get install -y redis-server` exited with {install.ExitCode} and redis-server is still missing (try `apt-get update` first).");
    }

    private static string? Locate()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/usr/local/bin").Split(':'))
        {
            string candidate = Path.Combine(dir, Binary);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private void WaitUntilReady()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited before it was ready.");
            }

            try
            {
                using var client = new TcpClient("127.0.0.1", Port);
                using var stream = client.GetStream();
                stream.Write("PING\r\n"u8);
                var buffer = new byte[16];
                int read = stream.Read(buffer);
                if (read >= 5 && buffer.AsSpan(0, 5).SequenceEqual("+PONG"u8))
                {
                    return;
                }
            }
            catch (SocketException)
            {
            }
            catch (IOException)
            {
            }

            Thread.Sleep(50);
        }

        Dispose();
        throw new InvalidOperationException($"redis-server did not answer on 127.0.0.1:{Port} within 20 s.");
    }

    /// <summary>Kills the server.</summary>
    public void Dispose() => _process.Dispose();
}
