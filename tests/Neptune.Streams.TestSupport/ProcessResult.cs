namespace Neptune.Streams.TestSupport;

/// <summary>How a child process ended and everything it wrote.</summary>
/// <param name="CommandLine">The command line, for messages.</param>
/// <param name="ExitCode">The exit code.</param>
/// <param name="StandardOutput">Everything written to stdout.</param>
/// <param name="StandardError">Everything written to stderr.</param>
public sealed record ProcessResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Stdout followed by stderr.</summary>
    public string Output => StandardOutput + StandardError;

    /// <summary>The command line, exit code and output, for a failure message.</summary>
    public string Describe() =>
        $"`{CommandLine}` exited with {ExitCode}.\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}
