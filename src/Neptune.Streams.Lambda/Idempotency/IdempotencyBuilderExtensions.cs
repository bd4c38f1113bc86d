using Amazon.DynamoDBv2;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Neptune.Streams.Lambda.Idempotency;
using Neptune.Streams.Lambda.Resilience;

namespace Neptune.Streams.Lambda;

// In the root namespace (as Polly's builder extensions are), so a function needs one using to register features.
/// <summary>Registers the idempotency stores handlers opt into.</summary>
public static class IdempotencyBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="IIdempotencyStore"/> and <see cref="IHighWaterMarkStore"/> on the DynamoDB table
    /// <paramref name="tableName"/>, through the <see cref="IAmazonDynamoDB"/> registered in
    /// <see cref="NeptuneStreamBuilder.Services"/> (a default client when none is).
    /// </summary>
    /// <param name="builder">The function's builder.</param>
    /// <param name="tableName">The table (keys <c>pk</c>, <c>sk</c>; TTL attribute <c>ttl</c>).</param>
    /// <param name="configure">Sets expiries.</param>
    public static NeptuneStreamBuilder UseDynamoDbIdempotency(
        this NeptuneStreamBuilder builder, string tableName, Action<IdempotencyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new IdempotencyOptions { TableName = tableName };
        configure?.Invoke(options);
        builder.FreezeOnBuild(options.Freeze);
        builder.Services.AddAwsCallPipeline(builder.Options);
        builder.Services.TryAddSingleton<IAmazonDynamoDB>(static _ => new AmazonDynamoDBClient());
        builder.Services.Replace(ServiceDescriptor.Singleton<IIdempotencyStore>(sp => new DynamoDbIdempotencyStore(
            sp.GetRequiredService<IAmazonDynamoDB>(), options, sp.GetRequiredService<AwsCallPipeline>(), sp.GetRequiredService<TimeProvider>())));
        builder.Services.Replace(ServiceDescriptor.Singleton<IHighWaterMarkStore>(sp => new DynamoDbHighWaterMarkStore(
            sp.GetRequiredService<IAmazonDynamoDB>(), options, sp.GetRequiredService<AwsCallPipeline>(), sp.GetRequiredService<TimeProvider>())));
        return builder;
    }
}
