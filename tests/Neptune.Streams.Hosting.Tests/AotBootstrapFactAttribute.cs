using Xunit;

namespace Neptune.Streams.Hosting.Tests;

/// <summary>A test that runs only when <c>NSL_AOT_BOOTSTRAP</c> names a published Native AOT <c>bootstrap</c> (scripts/aot-smoke.sh sets it).</summary>
public sealed class AotBootstrapFactAttribute : FactAttribute
{
    public const string Variable = "NSL_AOT_BOOTSTRAP";

    public AotBootstrapFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"{Variable} is not set: run scripts/aot-smoke.sh to publish the bootstrap with Native AOT and run it.";
        }
    }

    public static string Bootstrap => Environment.GetEnvironmentVariable(Variable)!;
}
