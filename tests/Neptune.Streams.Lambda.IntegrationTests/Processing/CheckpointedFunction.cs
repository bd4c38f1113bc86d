using Amazon.DynamoDBv2;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda.Checkpoints;
using Neptune.Streams.Lambda.Hosting;
using Neptune.Streams.Lambda.IntegrationTests.Support;
using Neptune.Streams.Lambda.Kinesis;
using Neptune.Streams.Lambda.Processing;

namespace Neptune.Streams.Lambda.IntegrationTests.Processing;

/// <summary>Builds functions that record every event and checkpoint in a given table (or not at all).</summary>
internal static class CheckpointedFunction
{
    public const string FunctionName = "orders-consumer";

    public static TestFunction Create(HandlerLog log, IAmazonDynamoDB? dynamoDb, string? table, Action<CheckpointOptions>? configure = null) =>
        new(builder =>
        {
            builder.Services.AddSingleton(log);
            builder.Options.Retry.MaxRetryAttempts = 0;
            if (dynamoDb is not null && table is not null)
            {
                builder.Services.AddSingleton(dynamoDb);
                builder.UseDynamoDbCheckpoints(table, configure);
            }

            builder.OnAny<RecordingHandler>();
        });

    public static Task<BatchResult> RunAsync(TestFunction function, KinesisEvent batch, CancellationToken cancellationToken = default) =>
        function.ProcessBatchAsync(batch, InvocationContext.Local(FunctionName), cancellationToken);

    /// <summary>The events a batch yields when nothing is skipped: the baseline every redelivery is compared with.</summary>
    public static async Task<IReadOnlyList<string>> BaselineAsync(KinesisEvent batch)
    {
        var log = new HandlerLog();
        await using TestFunction function = Create(log, null, null);
        await RunAsync(function, batch);
        return log.Events;
    }
}
