using Neptune.Streams.Lambda.Hosting;
using Xunit;

namespace Neptune.Streams.Hosting.Tests.Hosting;

/// <summary>
/// When the bootstrap gives the GC the function's memory as its heap limit (as Lambda's .NET runtime does). The
/// decision is tested here; that the limit takes effect in a function process is tested in
/// <see cref="BootstrapProcessTests"/> (JIT) and <see cref="AotBootstrapTests"/> (Native AOT).
/// </summary>
public sealed class LambdaMemoryLimitTests
{
    private const ulong MB = 1024 * 1024;

    [Fact]
    public void The_function_memory_size_in_megabytes_becomes_the_limit()
    {
        LambdaMemoryLimit.Decision decision = LambdaMemoryLimit.Decide(Environment(("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")), 24_000 * MB);

        Assert.Equal(128 * MB, decision.LimitBytes);
        Assert.Equal("AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128", decision.Reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-128")]
    [InlineData("128MB")]
    [InlineData("99999999999999999999")] // not a ulong
    [InlineData("17592186044416")] // megabytes whose bytes overflow a ulong
    public void Without_a_usable_memory_size_nothing_changes(string? value)
    {
        var environment = value is null ? Environment() : Environment(("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", value));

        Assert.Null(LambdaMemoryLimit.Decide(environment, 24_000 * MB).LimitBytes);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("TRUE")]
    public void Lambdas_opt_out_variable_leaves_the_GC_as_it_was(string value)
    {
        LambdaMemoryLimit.Decision decision = LambdaMemoryLimit.Decide(
            Environment(("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"), ("AWS_LAMBDA_DOTNET_DISABLE_MEMORY_LIMIT_CHECK", value)), 24_000 * MB);

        Assert.Null(decision.LimitBytes);
        Assert.Contains("AWS_LAMBDA_DOTNET_DISABLE_MEMORY_LIMIT_CHECK", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lower_limit_already_configured_is_kept()
    {
        LambdaMemoryLimit.Decision decision = LambdaMemoryLimit.Decide(Environment(("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512")), 256 * MB);

        Assert.Null(decision.LimitBytes);
        Assert.Contains("256 MB", decision.Reason, StringComparison.Ordinal);
    }

    private static DictionaryEnvironment Environment(params (string Name, string Value)[] variables)
    {
        var environment = new DictionaryEnvironment();
        foreach ((string name, string value) in variables)
        {
            environment.Set(name, value);
        }

        return environment;
    }
}
