using System.ComponentModel;
using System.Diagnostics;

namespace Neptune.Streams.Deployment.Tests.Support;

/// <summary>Runs the Python cfn-lint (which CI installs) on a template and returns its exit code and output.</summary>
internal static class CfnLint
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static async Task<(int ExitCode, string Output)> RunAsync(string templatePath)
    {
        var start = new ProcessStartInfo("cfn-lint")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--");
        start.ArgumentList.Add(templatePath);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("cfn-lint did not start.");
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException(
                "cfn-lint is not installed or not on PATH; install it with `pip install cfn-lint` (CI does).", exception);
        }

        using (process)
        {
            using var timeout = new CancellationTokenSource(Timeout);
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"cfn-lint did not finish within {Timeout}.");
            }

            return (process.ExitCode, (await output) + (await error));
        }
    }
}
