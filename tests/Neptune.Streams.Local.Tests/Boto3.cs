using System.Diagnostics;
using System.Text.Json;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Local.Tests;

/// <summary>Runs a boto3 snippet in python3 (an independent, official client) and returns what it printed as JSON.</summary>
internal static class Boto3
{
    public static async Task<JsonDocument> RunAsync(string script, params string[] args)
    {
        var start = new ProcessStartInfo("python3") { ArgumentList = { "-c", script } };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        ProcessResult result = await ChildProcess.RunAsync(start, TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, $"python3 failed: {result.StandardError}");
        return JsonDocument.Parse(result.StandardOutput);
    }
}
