using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Neptune.Streams.Lambda.Resilience;

/// <summary>Registers the one <see cref="AwsCallPipeline"/> that every AWS-backed store and sink shares.</summary>
internal static class AwsCallPipelineRegistration
{
    public static IServiceCollection AddAwsCallPipeline(this IServiceCollection services, NeptuneStreamOptions options)
    {
        services.TryAddSingleton(sp => new AwsCallPipeline(options.AwsRetry, sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
