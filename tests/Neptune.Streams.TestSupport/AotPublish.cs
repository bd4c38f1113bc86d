using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Neptune.Streams.TestSupport;

/// <summary>
/// Publishes a project as a Native AOT executable (linux-x64) into its own temporary artifacts path, so nothing is
/// shared with the JIT build other tests run, and fails on any trim/AOT warning.
/// </summary>
public static partial class AotPublish
{
    /// <summary>Publishes <paramref name="project"/> and returns the path of its <c>bootstrap</c>.</summary>
    /// <param name="project">The project file to publish.</param>
    /// <param name="name">A name for the temporary folder (one per test process).</param>
    /// <param name="properties">Extra MSBuild properties, e.g. <c>-p:PublishAot=true</c> for a project that does not set it.</param>
    /// <exception cref="InvalidOperationException">The publish failed, warned, or produced no <c>bootstrap</c>.</exception>
    public static string Bootstrap(string project, string name, params string[] properties) =>
        Executable(project, name, "bootstrap", properties);

    /// <summary>
    /// Publishes <paramref name="project"/> and returns the path of its executable <paramref name="executable"/> (the
    /// pump host keeps its own name, <c>neptune-stream-pump</c>; the Makefile hands it to SAM as <c>bootstrap</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The publish failed, warned, or produced no such executable.</exception>
    public static string Executable(string project, string name, string executable, params string[] properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        string root = Path.Combine(Path.GetTempPath(), $"{name}-{Environment.ProcessId}");
        string output = Path.Combine(root, "out");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "publish", project, "-c", "Release", "-r", "linux-x64", "--artifacts-path", Path.Combine(root, "artifacts"), "-o", output },
        };
        foreach (string property in properties)
        {
            start.ArgumentList.Add(property);
        }

        // Called from a Lazy in a test's static set-up: there is no synchronization context to deadlock on.
        ProcessResult result = ChildProcess.RunAsync(start, TimeSpan.FromMinutes(20)).GetAwaiter().GetResult();
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"The Native AOT publish failed:\n{result.Describe()}");
        }

        if (result.Output.Split('\n').FirstOrDefault(l => Warning().IsMatch(l)) is { } warning)
        {
            throw new InvalidOperationException($"The Native AOT publish has trim/AOT warnings:\n{warning}");
        }

        string path = Path.Combine(output, executable);
        return File.Exists(path) ? path : throw new InvalidOperationException($"The publish produced no {path}:\n{result.Output}");
    }

    [GeneratedRegex(@"warning (IL\d{4}|CA\d{4})")]
    private static partial Regex Warning();
}
