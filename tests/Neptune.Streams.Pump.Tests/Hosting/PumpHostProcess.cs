using System.Diagnostics;
using System.Reflection;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Pump.Tests.Hosting;

/// <summary>
/// <c>neptune-stream-pump</c> (the JIT build of Neptune.Streams.Pump.Host) as its own process, with dummy AWS
/// credentials; its stdout (EMF, summaries) and stderr (JSON logs) are collected.
/// </summary>
internal static class PumpHostProcess
{
    private static string Dll =>
        typeof(PumpHostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PumpHostDll").Value!;

    /// <summary>Starts the JIT build with <c>dotnet</c>.</summary>
    public static ChildProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        Start("dotnet", [Dll, .. arguments], environment);

    /// <summary>Starts a native executable (the Native AOT <c>bootstrap</c>).</summary>
    public static ChildProcess StartNative(string executable, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        Start(executable, arguments, environment);

    private static ChildProcess Start(string fileName, string[] arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(fileName);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("NEPTUNE_STREAMS_", StringComparison.Ordinal) || k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = "testing";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "testing";
        start.Environment["AWS_REGION"] = MotoServer.Region;
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return ChildProcess.Start(start);
    }
}
