using System.Diagnostics;

namespace Neptune.Streams.TestSupport;

/// <summary>Runs the Python <c>cfn-lint</c> (which CI installs) on a template of this repository.</summary>
public static class CfnLint
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>The repository root: the first folder above the test's output holding <c>Directory.Build.props</c>.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Lints <paramref name="relativePath"/> (from the repository root); returns the exit code and everything printed.</summary>
    /// <exception cref="InvalidOperationException">cfn-lint is not installed (`pip install cfn-lint`; CI does).</exception>
    public static async Task<(int ExitCode, string Output)> RunAsync(string relativePath)
    {
        var start = new ProcessStartInfo("cfn-lint") { WorkingDirectory = RepositoryRoot, ArgumentList = { "--", relativePath } };
        ProcessResult result = await ChildProcess.RunAsync(start, Timeout);
        return (result.ExitCode, result.Output);
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
