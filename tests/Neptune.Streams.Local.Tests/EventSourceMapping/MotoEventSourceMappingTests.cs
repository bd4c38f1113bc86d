using System.Text;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Neptune.Streams.Lambda.Kinesis;
using Neptune.Streams.Local.EventSourceMapping;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Local.Tests.EventSourceMapping;

public sealed class MotoEventSourceMappingTests : IClassFixture<MotoServer>
{
    private readonly MotoServer _moto;

    public MotoEventSourceMappingTests(MotoServer moto) => _moto = moto;

    [Fact]
    public async Task Reads_every_shard_of_a_moto_stream_in_order()
    {
        using KinesisHttpClient kinesis = KinesisHttpClient.Create(new Uri(_moto.Endpoint), MotoServer.Credentials, MotoServer.Region);
        await kinesis.CreateStreamAsync("esm-moto", 3);
        await kinesis.PutRecordsAsync("esm-moto", [.. Enumerable.Range(0, 60).Select(i => new KinesisPutEntry($"k{i % 6}", Encoding.UTF8.GetBytes($"{i}")))]);
        var seen = new List<(string Key, int Value, string Arn)>();
        var options = new EventSourceMappingOptions { StreamName = "esm-moto", StopWhenIdle = true, BatchSize = 8 };
        var esm = new KinesisEventSourceMapping(kinesis, (e, _) =>
        {
            lock (seen)
            {
                seen.AddRange(e.Records.Select(r => (r.Kinesis.PartitionKey, int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(r.Kinesis.Data)), System.Globalization.CultureInfo.InvariantCulture), r.EventSourceArn!)));
            }

            return Task.FromResult(new StreamsEventResponse());
        }, options);

        await esm.RunAsync();

        Assert.Equal(60, seen.Count);
        Assert.All(seen, s => Assert.EndsWith(":stream/esm-moto", s.Arn, StringComparison.Ordinal));
        foreach (var key in seen.GroupBy(s => s.Key))
        {
            int[] values = [.. key.Select(k => k.Value)];
            Assert.Equal(values.Order(), values);
        }
    }

    [Fact]
    public async Task Exhausted_retries_send_Lambdas_on_failure_message_to_an_SQS_queue()
    {
        using KinesisHttpClient kinesis = KinesisHttpClient.Create(new Uri(_moto.Endpoint), MotoServer.Credentials, MotoServer.Region);
        using var sqs = new AmazonSQSClient(MotoServer.Credentials, new AmazonSQSConfig { ServiceURL = _moto.Endpoint, AuthenticationRegion = MotoServer.Region });
        await kinesis.CreateStreamAsync("esm-dlq", 1);
        await kinesis.PutRecordsAsync("esm-dlq", [new KinesisPutEntry("k", "a"u8.ToArray()), new KinesisPutEntry("k", "b"u8.ToArray())]);
        string queueUrl = (await sqs.CreateQueueAsync("esm-on-failure")).QueueUrl;
        var options = new EventSourceMappingOptions
        {
            StreamName = "esm-dlq", StopWhenIdle = true, MaximumRetryAttempts = 1, RetryDelay = TimeSpan.Zero,
            OnFailure = SqsOnFailureDestination.Create(sqs, queueUrl),
        };
        var esm = new KinesisEventSourceMapping(kinesis, (_, _) => throw new InvalidOperationException("broken"), options);

        await esm.RunAsync();

        ReceiveMessageResponse received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10 });
        Message message = Assert.Single(received.Messages);
        using JsonDocument body = JsonDocument.Parse(message.Body);
        JsonElement info = body.RootElement.GetProperty("KinesisBatchInfo");
        Assert.Equal(2, info.GetProperty("batchSize").GetInt32());
        Assert.Equal("shardId-000000000000", info.GetProperty("shardId").GetString());
        Assert.Equal("RetryAttemptsExhausted", body.RootElement.GetProperty("requestContext").GetProperty("condition").GetString());
        Assert.Equal(2, body.RootElement.GetProperty("requestContext").GetProperty("approximateInvokeCount").GetInt32());
    }
}
