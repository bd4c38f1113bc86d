using System.Diagnostics;
using System.Reflection;
using Xunit;

namespace Neptune.Streams.Hosting.Tests;

/// <summary>
/// A test of the Native AOT <c>bootstrap</c>. It uses the binary named by <c>NSL_AOT_BOOTSTRAP</c> (scripts/aot-smoke.sh
/// sets it, also for arm64 under qemu) or, without it, publishes the test function with Native AOT once per test run,
/// failing on any trim/AOT warning: the README's test command proves the AOT build every time.
/// </summary>
public sealed class AotBootstrapFactAttribute : FactAttribute
{
    public const string Variable = "NSL_AOT_BOOTSTRAP";

    private static readonly Lazy<string> Published = new(Publish, LazyThreadSafetyMode.ExecutionAndPublication);

    public AotBootstrapFactAttribute()
    {
        Timeout = 0;
    }

    public static string Bootstrap =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? path : Published.Value;

    private static string Publish()
    {
        string project = typeof(AotBootstrapFactAttribute).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "TestFunctionProject").Value!;
        string root = Path.Combine(Path.GetTempPath(), $"nsl-aot-{Environment.ProcessId}");
        string output = Path.Combine(root, "out");
        var start = new ProcessStartInfo("dotnet")
        {
            // Its own artifacts path: nothing is shared with the JIT build other tests run.
            ArgumentList = { "publish", project, "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "--artifacts-path", Path.Combine(root, "artifacts"), "-o", output },
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

        if (log.Split('\n').FirstOrDefault(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"warning (IL\d{4}|CA\d{4})")) is { } warning)
        {
            throw new InvalidOperationException($"The Native AOT publish has trim/AOT warnings:\n{warning}");
        }

        string bootstrap = Path.Combine(output, "bootstrap");
        return File.Exists(bootstrap) ? bootstrap : throw new InvalidOperationException($"The publish produced no {bootstrap}:\n{log}");
    }
}
