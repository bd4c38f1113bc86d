using Amazon.DynamoDBv2;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Neptune.Streams.Lambda.Checkpoints;
using Neptune.Streams.Lambda.Resilience;

namespace Neptune.Streams.Lambda;

// In the root namespace (as Polly's builder extensions are), so a function needs one using to register features.
/// <summary>Turns checkpoints on. Without a registered <see cref="ICheckpointStore"/> a function checkpoints nothing.</summary>
public static class CheckpointBuilderExtensions
{
    /// <summary>
    /// Checkpoints in the DynamoDB table <paramref name="tableName"/>, through the <see cref="IAmazonDynamoDB"/> registered
    /// in <see cref="NeptuneStreamBuilder.Services"/> (a default <see cref="AmazonDynamoDBClient"/> when none is).
    /// </summary>
    /// <param name="builder">The function's builder.</param>
    /// <param name="tableName">The table (keys <c>pk</c>, <c>sk</c>).</param>
    /// <param name="configure">Sets scope and intervals.</param>
    public static NeptuneStreamBuilder UseDynamoDbCheckpoints(
        this NeptuneStreamBuilder builder, string tableName, Action<CheckpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Options.Checkpoints.TableName = tableName;
        configure?.Invoke(builder.Options.Checkpoints);
        builder.Services.AddAwsCallPipeline(builder.Options);
        builder.Services.TryAddSingleton<IAmazonDynamoDB>(static _ => new AmazonDynamoDBClient());
        builder.Services.Replace(ServiceDescriptor.Singleton<ICheckpointStore>(sp => new DynamoDbCheckpointStore(
            sp.GetRequiredService<IAmazonDynamoDB>(),
            builder.Options.Checkpoints,
            sp.GetRequiredService<AwsCallPipeline>(),
            sp.GetRequiredService<TimeProvider>())));
        return builder;
    }

    /// <summary>Checkpoints in this process's memory: for local runs and tests.</summary>
    /// <param name="builder">The function's builder.</param>
    /// <param name="configure">Sets scope and intervals.</param>
    public static NeptuneStreamBuilder UseInMemoryCheckpoints(this NeptuneStreamBuilder builder, Action<CheckpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        configure?.Invoke(builder.Options.Checkpoints);
        builder.Services.Replace(ServiceDescriptor.Singleton<ICheckpointStore, InMemoryCheckpointStore>());
        return builder;
    }
}
