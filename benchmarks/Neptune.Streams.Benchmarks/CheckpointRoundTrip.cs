using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.Checkpoints;
using Neptune.Streams.Lambda.Kinesis;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Benchmarks;

/// <summary>DynamoDB requests per batch with checkpoints on, counted on the wire against a real moto_server.</summary>
public static class CheckpointRoundTrip
{
    private const string Table = "neptune-streams-bench";

    /// <summary>Requests of a first delivery and of a redelivery of the same batch; null when moto_server is missing.</summary>
    public static async Task<(int First, int Redelivery, TimeSpan RoundTrip)?> MeasureAsync(KinesisEvent kinesisEvent)
    {
        MotoServer moto;
        try
        {
            moto = new MotoServer();
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        await using (moto)
        {
            var counter = new CountingHttpClientFactory();
            using var dynamo = new AmazonDynamoDBClient(MotoServer.Credentials, new AmazonDynamoDBConfig
            {
                ServiceURL = moto.Endpoint,
                AuthenticationRegion = MotoServer.Region,
                HttpClientFactory = counter,
            });
            await dynamo.CreateTableAsync(new CreateTableRequest
            {
                TableName = Table,
                BillingMode = BillingMode.PAY_PER_REQUEST,
                AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.S)],
                KeySchema = [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)],
            });

            await using var function = new CheckpointedFunction(dynamo);
            counter.Reset();
            var started = System.Diagnostics.Stopwatch.StartNew();
            await function.ProcessAsync(kinesisEvent);
            TimeSpan roundTrip = started.Elapsed;
            int first = counter.Requests;
            counter.Reset();
            await function.ProcessAsync(kinesisEvent);
            return (first, counter.Requests, roundTrip);
        }
    }

    private sealed class CheckpointedFunction(IAmazonDynamoDB dynamo) : NeptuneStreamFunction
    {
        protected override void Configure(NeptuneStreamBuilder builder)
        {
            builder.Services.AddSingleton(dynamo);
            builder.Services.AddSingleton(new Counter());
            builder.Options.Metrics.Enabled = false;
            builder.UseDynamoDbCheckpoints(Table);
            builder.OnAny<FollowAdded>();
        }
    }
}
