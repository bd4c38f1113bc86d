using Amazon.DynamoDBv2;
using Amazon.SQS;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.Checkpoints;
using Neptune.Streams.Lambda.DeadLetters;
using Neptune.Streams.Lambda.Idempotency;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Chaos;

/// <summary>
/// The function under test, configured as a user would: DynamoDB checkpoints (with an interval write, so a crash
/// replays only a tail; scope as the template sets it), DynamoDB idempotency for the sink, SQS dead letters — all on moto, through the faulty HTTP layer.
/// </summary>
public sealed class ChaosFunction(ChaosWorld world) : NeptuneStreamFunction
{
    /// <summary>This instance's "process".</summary>
    public FunctionInstance Instance { get; } = new();

    /// <inheritdoc />
    protected override void Configure(NeptuneStreamBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(world);
        builder.Services.AddSingleton(Instance);
        builder.Services.AddLogging();
        builder.Services.AddSingleton<IAmazonDynamoDB>(_ => new AmazonDynamoDBClient(MotoServer.Credentials, new AmazonDynamoDBConfig
        {
            ServiceURL = world.AwsEndpoint, AuthenticationRegion = MotoServer.Region, HttpClientFactory = world.Faults,
        }));
        builder.Services.AddSingleton<IAmazonSQS>(_ => new AmazonSQSClient(MotoServer.Credentials, new AmazonSQSConfig
        {
            ServiceURL = world.AwsEndpoint, AuthenticationRegion = MotoServer.Region, HttpClientFactory = world.Faults,
        }));
        builder.UseDynamoDbCheckpoints(world.TableName, o =>
        {
            o.RecordInterval = 20;

            // As template.yaml sets NEPTUNE_STREAMS_CHECKPOINT_SCOPE: Shard only with one batch per shard.
            o.Scope = world.Options.ParallelizationFactor == 1 ? CheckpointScope.Shard : CheckpointScope.PartitionKey;
        });
        builder.UseDynamoDbIdempotency(world.TableName, o =>
        {
            if (world.Options.ClaimExpiry is { } expiry)
            {
                o.InProgressExpiry = expiry;
            }
        });
        builder.UseSqsDeadLetters(world.DeadLetterQueueUrl);
        builder.Options.DeadlineSafetyMargin = TimeSpan.FromMilliseconds(100);
        builder.Options.Metrics.Enabled = false;
        builder.Options.Retry.MaxRetryAttempts = 2;
        builder.Options.Retry.BaseDelay = TimeSpan.FromMilliseconds(2);
        builder.Options.Retry.MaxDelay = TimeSpan.FromMilliseconds(20);
        builder.Options.AwsRetry.BaseDelay = TimeSpan.FromMilliseconds(5);
        builder.OnAny<ChaosHandler>();
        if (world.Options.Snapshot)
        {
            // The sink is a downstream copy of the graph: it wants the snapshot's events too.
            builder.IncludeSnapshot();
        }
    }
}
