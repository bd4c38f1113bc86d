using System.Diagnostics;
using System.Text.Json;

namespace Neptune.Streams.Pump.Tests;

/// <summary>Runs a boto3 snippet in python3 (an independent, official client) and returns what it printed as JSON.</summary>
internal static class Boto3
{
    public static async Task<JsonDocument> RunAsync(string script, params string[] args)
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"python3 failed: {await error}");
        return JsonDocument.Parse(await output);
    }
}
