using System.Collections.Concurrent;
using Amazon.DynamoDBv2;
using Amazon.S3;
using Amazon.SQS;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.Checkpoints;
using Neptune.Streams.Lambda.DeadLetters;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;
using Neptune.Streams.Lambda.Idempotency;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Pump.Tests.EndToEnd;

/// <summary>
/// A function configured as a user would deploy it, everything on moto_server: DynamoDB checkpoints and idempotency,
/// SQS dead letters with an S3 bucket for large records, a typed handler of <c>scored</c> vertices and an idempotent
/// handler that records every event. Options are the library's defaults.
/// </summary>
internal sealed class HostileWritesFunction(string motoEndpoint, string table, string deadLetterQueueUrl, string bucket, HostileWritesFunction.Recorded recorded)
    : NeptuneStreamFunction
{
    protected override void Configure(NeptuneStreamBuilder builder)
    {
        builder.Services.AddSingleton(recorded);
        builder.Services.AddLogging();
        builder.Services.AddSingleton<IAmazonDynamoDB>(_ => new AmazonDynamoDBClient(MotoServer.Credentials, new AmazonDynamoDBConfig
        {
            ServiceURL = motoEndpoint, AuthenticationRegion = MotoServer.Region,
        }));
        builder.Services.AddSingleton<IAmazonSQS>(_ => new AmazonSQSClient(MotoServer.Credentials, new AmazonSQSConfig
        {
            ServiceURL = motoEndpoint, AuthenticationRegion = MotoServer.Region,
        }));
        builder.Services.AddSingleton<IAmazonS3>(_ => new AmazonS3Client(MotoServer.Credentials, new AmazonS3Config
        {
            ServiceURL = motoEndpoint, AuthenticationRegion = MotoServer.Region, ForcePathStyle = true,
        }));
        builder.UseDynamoDbCheckpoints(table, o => o.Scope = CheckpointScope.Shard);
        builder.UseDynamoDbIdempotency(table);
        builder.UseSqsDeadLetters(deadLetterQueueUrl, o => o.LargeRecordBucket = bucket);

        // The typed handler runs first: an event whose values cannot bind fails there and reaches no later handler.
        builder
            .On<ScoreHandler>(GraphEventKind.VertexAdded, "scored")
            .OnAny<RecordingHandler>();
    }

    /// <summary>What the handlers saw.</summary>
    public sealed class Recorded
    {
        public ConcurrentQueue<RecordedEvent> Events { get; } = new();

        public ConcurrentQueue<(string Id, double? Score, int? Rank)> Scores { get; } = new();

        public ConcurrentDictionary<string, int> LabelCounts { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>The typed properties of a <c>scored</c> vertex.</summary>
    public sealed record Scored(double? Score, int? Rank);

    private sealed class ScoreHandler(Recorded recorded) : GraphEventHandler<Scored>(HostileJson.Default.Scored)
    {
        protected override ValueTask HandleAsync(GraphEvent graphEvent, Scored properties, GraphEventContext context, CancellationToken cancellationToken)
        {
            recorded.Scores.Enqueue((graphEvent.Id, properties.Score, properties.Rank));
            return ValueTask.CompletedTask;
        }
    }

    private sealed class RecordingHandler(IIdempotencyStore store, Recorded recorded) : IdempotentGraphEventHandler(store)
    {
        protected override ValueTask HandleOnceAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
        {
            recorded.LabelCounts[graphEvent.Id] = graphEvent.Labels.Count;

            // Thousands of labels are counted, not copied into every recorded event.
            string[] labels = graphEvent.Labels.Count <= 2 ? [.. graphEvent.Labels] : [];
            recorded.Events.Enqueue(new RecordedEvent(graphEvent.Kind, graphEvent.Id, graphEvent.CommitNum, labels, graphEvent.From, graphEvent.To, context.IdempotencyKey));
            return ValueTask.CompletedTask;
        }
    }
}
