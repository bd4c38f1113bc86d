using System.Reflection;
using Neptune.Streams.TestSupport;
using Xunit;

namespace Neptune.Streams.Hosting.Tests;

/// <summary>
/// A test of the Native AOT <c>bootstrap</c>. It uses the binary named by <c>NSL_AOT_BOOTSTRAP</c> (scripts/aot-smoke.sh
/// sets it, also for arm64 under qemu) or, without it, publishes the test function with Native AOT once per test run,
/// failing on any trim/AOT warning: the README's test command proves the AOT build every time.
/// </summary>
public sealed class AotBootstrapFactAttribute : FactAttribute
{
    public const string Variable = "NSL_AOT_BOOTSTRAP";

    private static readonly Lazy<string> Published = new(Publish, LazyThreadSafetyMode.ExecutionAndPublication);

    public AotBootstrapFactAttribute()
    {
        Timeout = 0;
    }

    public static string Bootstrap =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? path : Published.Value;

    private static string Publish() =>
        AotPublish.Bootstrap(
            typeof(AotBootstrapFactAttribute).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TestFunctionProject").Value!,
            "nsl-aot",
            "-p:PublishAot=true");
}
