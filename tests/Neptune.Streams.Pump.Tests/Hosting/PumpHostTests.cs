using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Neptune.Streams.Local.NeptuneEndpoint;
using Neptune.Streams.Pump.Hosting;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.Neptune;
using Neptune.Streams.Pump.Pumping;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Pump.Tests.Hosting;

public sealed class PumpHostTests : IClassFixture<MotoServer>
{
    private readonly MotoServer _moto;

    public PumpHostTests(MotoServer moto) => _moto = moto;

    [Fact]
    public void Settings_come_from_environment_variables_and_bad_values_are_named()
    {
        var variables = new Dictionary<string, string>
        {
            ["NEPTUNE_STREAMS_NEPTUNE_ENDPOINT"] = "https://cluster.example:8182",
            ["NEPTUNE_STREAMS_NEPTUNE_STREAM_KIND"] = "sparql",
            ["NEPTUNE_STREAMS_NEPTUNE_IAM_AUTH"] = "true",
            ["NEPTUNE_STREAMS_KINESIS_STREAM_NAME"] = "changes",
            ["NEPTUNE_STREAMS_PUMP_INITIAL_POSITION"] = "LATEST",
            ["NEPTUNE_STREAMS_PUMP_LIMIT"] = "5000",
            ["NEPTUNE_STREAMS_METRICS_NAMESPACE"] = "NeptuneStreams",
            ["AWS_LAMBDA_FUNCTION_NAME"] = "stack-pump",
        };

        PumpSettings settings = PumpSettings.FromEnvironment(name => variables.GetValueOrDefault(name));

        Assert.Equal(new Uri("https://cluster.example:8182/"), settings.Pump.NeptuneEndpoint);
        Assert.Equal((NeptuneStreamKind.Sparql, true, "changes", "changes"), (settings.Pump.StreamKind, settings.NeptuneIamAuth, settings.Pump.KinesisStreamName, settings.Pump.PumpId));
        Assert.Equal((PumpStartPosition.Latest, 5000), (settings.Pump.StartPosition, settings.Pump.Limit));
        Assert.Equal(("NeptuneStreams", "stack-pump"), (settings.Pump.MetricsNamespace, settings.Pump.MetricsFunctionName));
        variables["NEPTUNE_STREAMS_PUMP_LIMIT"] = "lots";
        var ex = Assert.Throws<InvalidOperationException>(() => PumpSettings.FromEnvironment(name => variables.GetValueOrDefault(name)));
        Assert.Contains("NEPTUNE_STREAMS_PUMP_LIMIT", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => PumpSettings.FromEnvironment(_ => null));
    }

    [Theory]
    [InlineData("http://cluster.example:8182", false)]
    [InlineData("http://10.0.0.5:8182", false)]
    [InlineData("ftp://cluster.example:8182", false)]
    [InlineData("https://cluster.example:8182", true)]
    [InlineData("http://127.0.0.1:8182", true)]
    [InlineData("http://localhost:8182", true)]
    [InlineData("http://[::1]:8182", true)]
    public void The_Neptune_endpoint_must_be_https_except_on_loopback(string endpoint, bool accepted)
    {
        var variables = new Dictionary<string, string> { ["NEPTUNE_STREAMS_NEPTUNE_ENDPOINT"] = endpoint };

        Exception? fromEnvironment = Record.Exception(() => PumpSettings.FromEnvironment(name => variables.GetValueOrDefault(name)));
        Exception? fromOptions = Record.Exception(() => new StreamPump(
            new PumpOptions { NeptuneEndpoint = new Uri(endpoint) }, new HttpClient(), new InMemoryKinesis(), new global::Neptune.Streams.Pump.State.InMemoryPumpStateStore()));

        Assert.Equal(accepted, fromEnvironment is null);
        Assert.Equal(accepted, fromOptions is null);
        if (!accepted)
        {
            Assert.Contains("NEPTUNE_STREAMS_NEPTUNE_ENDPOINT", fromEnvironment!.Message, StringComparison.Ordinal);
            Assert.Contains("https", fromOptions!.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_dead_letter_queue_and_its_bucket_come_together()
    {
        var variables = new Dictionary<string, string>
        {
            ["NEPTUNE_STREAMS_NEPTUNE_ENDPOINT"] = "https://cluster.example:8182",
            ["NEPTUNE_STREAMS_PUMP_DEAD_LETTER_QUEUE_URL"] = "https://sqs.us-east-1.amazonaws.com/123456789012/pump-dlq",
        };

        var ex = Assert.Throws<InvalidOperationException>(() => PumpSettings.FromEnvironment(name => variables.GetValueOrDefault(name)));
        Assert.Contains("NEPTUNE_STREAMS_PUMP_DEAD_LETTER_BUCKET", ex.Message, StringComparison.Ordinal);
        variables["NEPTUNE_STREAMS_PUMP_DEAD_LETTER_BUCKET"] = "pump-dead-letters";
        PumpSettings settings = PumpSettings.FromEnvironment(name => variables.GetValueOrDefault(name));
        Assert.Equal(("https://sqs.us-east-1.amazonaws.com/123456789012/pump-dlq", "pump-dead-letters"), (settings.DeadLetterQueueUrl, settings.DeadLetterBucket));
    }

    [Fact]
    public async Task A_host_built_from_settings_pumps_into_moto()
    {
        var graph = new LocalGraph();
        await using var endpoint = LocalNeptuneEndpoint.Start(graph);
        graph.AddVertex("a", ["person"]);
        using (var dynamo = new AmazonDynamoDBClient(MotoServer.Credentials, new AmazonDynamoDBConfig { ServiceURL = _moto.Endpoint, AuthenticationRegion = MotoServer.Region }))
        {
            await dynamo.CreateTableAsync(new CreateTableRequest
            {
                TableName = "host-state",
                BillingMode = BillingMode.PAY_PER_REQUEST,
                AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.S)],
                KeySchema = [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)],
            });
        }

        using KinesisHttpClient kinesis = KinesisHttpClient.Create(new Uri(_moto.Endpoint), MotoServer.Credentials, MotoServer.Region);
        await kinesis.CreateStreamAsync("host-stream", 1);
        var variables = new Dictionary<string, string>
        {
            ["NEPTUNE_STREAMS_NEPTUNE_ENDPOINT"] = endpoint.Endpoint.ToString(),
            ["NEPTUNE_STREAMS_KINESIS_STREAM_NAME"] = "host-stream",
            ["NEPTUNE_STREAMS_KINESIS_ENDPOINT"] = _moto.Endpoint,
            ["NEPTUNE_STREAMS_TABLE_NAME"] = "host-state",
            ["NEPTUNE_STREAMS_DYNAMODB_ENDPOINT"] = _moto.Endpoint,
        };
        PumpSettings settings = PumpSettings.FromEnvironment(name => variables.GetValueOrDefault(name));
        settings.Pump.StopWhenCaughtUp = true;

        using PumpHost host = PumpHost.Create(settings, credentials: MotoServer.Credentials);
        PumpRunSummary run = await host.Pump.RunAsync();

        Assert.Equal((PumpStopReason.CaughtUp, 1L), (run.StopReason, run.KinesisRecordsWritten));
        KinesisShard shard = Assert.Single(await kinesis.ListShardsAsync("host-stream"));
        string iterator = await kinesis.GetShardIteratorAsync("host-stream", shard.ShardId, ShardIteratorKind.TrimHorizon);
        Assert.Equal("a", Assert.Single((await kinesis.GetRecordsAsync(iterator, 10)).Records).PartitionKey);
    }
}
