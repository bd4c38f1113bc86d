using System.Diagnostics;

namespace Neptune.Streams.Packaging.Tests.Support;

/// <summary>
/// Runs dotnet and cfn-lint as a user would, with a generous timeout; a failure carries the whole output, so a broken
/// package or template can be diagnosed from the test log alone.
/// </summary>
internal static class UserCommand
{
    /// <summary>Restores download packages and AOT packs on a cold machine: minutes, not seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    // Set by `dotnet test` for its own MSBuild; inherited, they would point the child's MSBuild at the wrong SDK files.
    private static readonly string[] InheritedMsBuildVariables =
        ["MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly", "DOTNET_HOST_PATH"];

    public static Task<ProcessResult> RunAsync(
        string fileName, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan? timeout = null)
    {
        var startInfo = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (string name in InheritedMsBuildVariables)
        {
            startInfo.Environment.Remove(name);
        }

        // No MSBuild worker nodes left running after the test; no first-run banners in the output.
        startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        startInfo.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        return ChildProcess.RunAsync(startInfo, timeout ?? DefaultTimeout);
    }

    /// <summary>Runs the command and fails the test, with its output, unless it exits with 0.</summary>
    public static async Task<ProcessResult> RunCheckedAsync(
        string fileName, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan? timeout = null)
    {
        ProcessResult result = await RunAsync(fileName, arguments, workingDirectory, timeout);
        Assert.True(result.ExitCode == 0, result.Describe());
        return result;
    }
}
