using System.ComponentModel;
using System.Diagnostics;

namespace Neptune.Streams.TestSupport;

/// <summary>Runs the Python <c>cfn-lint</c> (which CI installs) on a template of this repository.</summary>
public static class CfnLint
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>The repository root: the first folder above the test's output holding <c>Directory.Build.props</c>.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Lints <paramref name="relativePath"/> (from the repository root); returns the exit code and everything printed.</summary>
    /// <exception cref="InvalidOperationException">cfn-lint is not installed.</exception>
    public static async Task<(int ExitCode, string Output)> RunAsync(string relativePath)
    {
        var start = new ProcessStartInfo("cfn-lint")
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--");
        start.ArgumentList.Add(relativePath);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("cfn-lint did not start.");
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException("cfn-lint is not installed or not on PATH; install it with `pip install cfn-lint` (CI does).", exception);
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

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Directory.Build.props")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds Directory.Build.props.");
    }
}
