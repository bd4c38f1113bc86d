namespace Neptune.Streams.Packaging.Tests.Support;

/// <summary>How a child process ended and everything it wrote.</summary>
internal sealed record ProcessResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    public string Describe() =>
        $"`{CommandLine}` exited with {ExitCode}.\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}
