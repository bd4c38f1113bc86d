using System.Reflection;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Pump.Tests.Hosting;

/// <summary>
/// The pump host published Native AOT (<c>neptune-stream-pump</c>, deployed as the template's <c>bootstrap</c>): the binary named by
/// <c>NSL_PUMP_AOT_BOOTSTRAP</c>, or published once per test run, failing on any trim/AOT warning.
/// </summary>
internal static class PumpAotBootstrap
{
    public const string Variable = "NSL_PUMP_AOT_BOOTSTRAP";

    private static readonly Lazy<string> Published = new(Publish, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Path => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? path : Published.Value;

    private static string Publish() =>
        AotPublish.Executable(
            typeof(PumpAotBootstrap).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PumpHostProject").Value!,
            "nsl-pump-aot",
            "neptune-stream-pump");
}
