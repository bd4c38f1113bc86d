using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Neptune.Streams.Pump.Tests.Hosting;

/// <summary>
/// The pump host published as the Native AOT <c>bootstrap</c> the template deploys: the binary named by
/// <c>NSL_PUMP_AOT_BOOTSTRAP</c>, or published once per test run, failing on any trim/AOT warning.
/// </summary>
internal static partial class PumpAotBootstrap
{
    public const string Variable = "NSL_PUMP_AOT_BOOTSTRAP";

    private static readonly Lazy<string> Published = new(Publish, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Path => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? path : Published.Value;

    private static string Publish()
    {
        string dll = typeof(PumpAotBootstrap).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PumpHostProject").Value!;
        string root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"nsl-pump-aot-{Environment.ProcessId}");
        string output = System.IO.Path.Combine(root, "out");
        var start = new ProcessStartInfo("dotnet")
        {
            // Its own artifacts path: nothing is shared with the JIT build the other tests run.
            ArgumentList = { "publish", dll, "-c", "Release", "-r", "linux-x64", "--artifacts-path", System.IO.Path.Combine(root, "artifacts"), "-o", output },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string log = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        log += stderr.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The Native AOT publish failed (exit {process.ExitCode}):\n{log}");
        }

        if (log.Split('\n').FirstOrDefault(l => Warning().IsMatch(l)) is { } warning)
        {
            throw new InvalidOperationException($"The Native AOT publish has trim/AOT warnings:\n{warning}");
        }

        string bootstrap = System.IO.Path.Combine(output, "bootstrap");
        return File.Exists(bootstrap) ? bootstrap : throw new InvalidOperationException($"The publish produced no {bootstrap}:\n{log}");
    }

    [GeneratedRegex(@"warning (IL\d{4}|CA\d{4})")]
    private static partial Regex Warning();
}
