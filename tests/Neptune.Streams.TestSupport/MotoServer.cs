using System.Diagnostics;

namespace Neptune.Streams.TestSupport;

/// <summary>
/// A real <c>moto_server</c> (local AWS API: DynamoDB, Kinesis, SQS, S3) on a free 127.0.0.1 port, started for a test
/// class and killed afterwards. Use it as an xUnit class or collection fixture.
/// </summary>
public sealed class MotoServer : IAsyncDisposable, IDisposable
{
    private readonly ServerProcess _process;

    /// <summary>Starts moto_server and waits until it answers.</summary>
    /// <exception cref="InvalidOperationException">moto_server is not installed or did not start.</exception>
    public MotoServer()
    {
        string binary = Environment.GetEnvironmentVariable("MOTO_SERVER") ?? "moto_server";
        try
        {
            // moto (werkzeug) prints "Running on http://127.0.0.1:<port>" once it has bound the port.
            _process = ServerProcess.Start(
                "moto_server",
                port => new ProcessStartInfo(binary) { ArgumentList = { "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) } },
                "Running on",
                TimeSpan.FromSeconds(60));
        }
        catch (InvalidOperationException ex) when (ex.InnerException is System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("moto_server is not installed: pip install \"moto[server]\" (bash .ci/run does it).", ex);
        }

        Port = _process.Port;
        WaitUntilReady();
    }

    /// <summary>The port moto_server listens on.</summary>
    public int Port { get; }

    /// <summary>The endpoint to give AWS SDK clients as <c>ServiceURL</c>.</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>The region every test uses.</summary>
    public const string Region = "us-east-1";

    /// <summary>Dummy credentials: moto accepts any.</summary>
    public static Amazon.Runtime.AWSCredentials Credentials { get; } = new Amazon.Runtime.BasicAWSCredentials("testing", "testing");

    /// <summary>Clears all state (tables, queues, streams) between tests that need a clean slate.</summary>
    public async Task ResetAsync()
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri($"{Endpoint}/moto-api/reset"), null);
        response.EnsureSuccessStatusCode();
    }

    private void WaitUntilReady()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"moto_server exited before it was ready.");
            }

            try
            {
                using var response = http.GetAsync(new Uri($"{Endpoint}/moto-api/")).GetAwaiter().GetResult();
                if ((int)response.StatusCode < 500)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            Thread.Sleep(100);
        }

        Dispose();
        throw new InvalidOperationException($"moto_server did not answer on {Endpoint} within 30 s.");
    }

    /// <summary>Kills the server.</summary>
    public void Dispose() => _process.Dispose();

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
