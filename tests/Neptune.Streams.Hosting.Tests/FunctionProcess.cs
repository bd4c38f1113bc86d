using System.Diagnostics;
using System.Reflection;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Hosting.Tests;

/// <summary>
/// The test function running as its own process (JIT: <c>dotnet TestFunction.dll</c>; AOT: the published
/// <c>bootstrap</c>), pointed at a Runtime API emulator; its stdout (EMF) and stderr (JSON logs) are collected.
/// </summary>
internal static class FunctionProcess
{
    public const string FunctionName = "hosting-test";

    /// <summary>The JIT build of the test function, next to this test project's build.</summary>
    public static string JitDll =>
        Environment.GetEnvironmentVariable("NSL_JIT_DLL") is { Length: > 0 } dll
            ? dll
            : typeof(FunctionProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TestFunctionDll").Value!;

    /// <summary>Starts the JIT build with <c>dotnet</c>.</summary>
    public static ChildProcess StartJit(string runtimeApi, IReadOnlyDictionary<string, string>? environment = null) =>
        Start("dotnet", [JitDll], runtimeApi, environment);

    /// <summary>
    /// Starts a native executable (the AOT <c>bootstrap</c>), through <c>NSL_AOT_LAUNCHER</c> when set (e.g.
    /// <c>qemu-aarch64 -L /usr/aarch64-linux-gnu</c> for an arm64 bootstrap on x86_64).
    /// </summary>
    public static ChildProcess StartNative(string executable, string runtimeApi, IReadOnlyDictionary<string, string>? environment = null)
    {
        string[] launcher = (Environment.GetEnvironmentVariable("NSL_AOT_LAUNCHER") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return launcher.Length == 0
            ? Start(executable, [], runtimeApi, environment)
            : Start(launcher[0], [.. launcher[1..], executable], runtimeApi, environment);
    }

    private static ChildProcess Start(string fileName, string[] arguments, string runtimeApi, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(fileName);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test's own settings, and none of the runner's that would change how the function sizes its heap.
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("NSL_TEST_", StringComparison.Ordinal)
            || k is "AWS_LAMBDA_FUNCTION_MEMORY_SIZE" or "AWS_LAMBDA_DOTNET_DISABLE_MEMORY_LIMIT_CHECK" or "DOTNET_GCHeapHardLimit").ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["AWS_LAMBDA_RUNTIME_API"] = runtimeApi;
        start.Environment["AWS_LAMBDA_FUNCTION_NAME"] = FunctionName;
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return ChildProcess.Start(start);
    }
}
