using System.Text.Json;
using Amazon.S3;
using Amazon.SQS;
using Amazon.SQS.Model;
using Neptune.Streams.Pump.DeadLetters;
using Neptune.Streams.Pump.Neptune;
using Neptune.Streams.Pump.Pumping;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Pump.Tests.Pumping;

/// <summary>Issue 16 item 1: a change too large for a Kinesis record goes to the pump's dead-letter queue (SQS + S3, on moto) and the pump moves on.</summary>
public sealed class OversizedChangeTests(MotoServer moto) : IClassFixture<MotoServer>, IDisposable
{
    private readonly AmazonSQSClient _sqs = new(MotoServer.Credentials, new AmazonSQSConfig { ServiceURL = moto.Endpoint, AuthenticationRegion = MotoServer.Region });
    private readonly AmazonS3Client _s3 = new(MotoServer.Credentials, new AmazonS3Config { ServiceURL = moto.Endpoint, AuthenticationRegion = MotoServer.Region, ForcePathStyle = true });

    private async Task<(PumpDeadLetterQueue Queue, string Url, string Bucket)> CreateQueueAsync()
    {
        string name = "pump-dlq-" + Guid.NewGuid().ToString("N")[..10];
        string url = (await _sqs.CreateQueueAsync(name)).QueueUrl;
        await _s3.PutBucketAsync(name);
        return (new PumpDeadLetterQueue(_sqs, _s3, url, name), url, name);
    }

    private async Task<List<JsonElement>> MessagesAsync(string url)
    {
        var messages = new List<JsonElement>();
        while ((await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 })).Messages is { Count: > 0 } received)
        {
            messages.AddRange(received.Select(m => JsonDocument.Parse(m.Body).RootElement.Clone()));
        }

        return messages;
    }

    [Fact]
    public async Task A_property_just_past_the_Kinesis_limit_goes_to_the_dead_letter_queue_with_its_identity_and_the_pump_moves_on()
    {
        var (queue, url, bucket) = await CreateQueueAsync();
        await using PumpHarness h = await PumpHarness.StartAsync();
        h.Graph.AddVertex("before", ["person"]);
        h.Graph.AddVertex("big", ["blob"], [new("p", new string('x', 1024 * 1024))]);
        h.Graph.AddVertex("after", ["person"]);
        using var metrics = new StringWriter();

        PumpRunSummary summary = await new StreamPump(h.Options(o => o.MetricsOutput = metrics), h.Http, h.Kinesis, h.State, deadLetters: queue).RunAsync();

        Assert.Equal(PumpStopReason.CaughtUp, summary.StopReason);
        Assert.Equal(new StreamPosition(3, 1), summary.Position);
        Assert.Equal(1, summary.ChangesDeadLettered);
        Assert.Equal(["after", "before"], (await h.ReadAllAsync()).Select(w => w.PartitionKey).Order().ToArray());
        JsonElement message = Assert.Single(await MessagesAsync(url));
        Assert.Equal("OversizedChange", message.GetProperty("kind").GetString());
        Assert.Equal("big", message.GetProperty("elementId").GetString());
        Assert.Equal("vertex", message.GetProperty("elementKind").GetString());
        Assert.Equal((2L, 1L, 2L), (message.GetProperty("commitNum").GetInt64(), message.GetProperty("firstOpNum").GetInt64(), message.GetProperty("lastOpNum").GetInt64()));
        Assert.Equal(h.Options().KinesisStreamName, message.GetProperty("kinesisStreamName").GetString());
        Assert.DoesNotContain("xxxx", message.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(bucket, message.GetProperty("envelopeS3Bucket").GetString());
        using var stored = await _s3.GetObjectAsync(bucket, message.GetProperty("envelopeS3Key").GetString());
        using JsonDocument envelope = await JsonDocument.ParseAsync(stored.ResponseStream);
        Assert.Equal("neptune-streams/1", envelope.RootElement.GetProperty("envelope").GetString());
        Assert.Equal(["blob"], envelope.RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        JsonElement[] records = [.. envelope.RootElement.GetProperty("records").EnumerateArray()];
        Assert.Equal(2, records.Length);
        Assert.Equal(1024 * 1024, records[1].GetProperty("data").GetProperty("value").GetProperty("value").GetString()!.Length);
        Assert.Contains(metrics.ToString().Split('\n'), l => l.Contains("\"OversizedChanges\":1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_property_just_under_the_limit_is_forwarded_and_nothing_is_dead_lettered()
    {
        var (queue, url, _) = await CreateQueueAsync();
        await using PumpHarness h = await PumpHarness.StartAsync();
        h.Graph.AddVertex("big", ["blob"], [new("p", new string('x', (1024 * 1024) - 2048))]);

        PumpRunSummary summary = await new StreamPump(h.Options(), h.Http, h.Kinesis, h.State, deadLetters: queue).RunAsync();

        Assert.Equal((PumpStopReason.CaughtUp, 0L), (summary.StopReason, summary.ChangesDeadLettered));
        Assert.Equal("big", Assert.Single(await h.ReadAllAsync()).PartitionKey);
        Assert.Empty(await MessagesAsync(url));
    }

    [Fact]
    public async Task Labels_whose_envelope_header_exceeds_the_limit_go_to_the_dead_letter_queue()
    {
        var (queue, url, _) = await CreateQueueAsync();
        await using PumpHarness h = await PumpHarness.StartAsync();
        h.Graph.AddVertex("labelled", [.. Enumerable.Range(0, 4000).Select(i => $"label-{i}-{new string('l', 300)}")]);
        h.Graph.AddVertex("after", ["person"]);

        PumpRunSummary summary = await new StreamPump(h.Options(), h.Http, h.Kinesis, h.State, deadLetters: queue).RunAsync();

        Assert.Equal((PumpStopReason.CaughtUp, 1L), (summary.StopReason, summary.ChangesDeadLettered));
        Assert.Equal("after", Assert.Single(await h.ReadAllAsync()).PartitionKey);
        Assert.Equal(4000, Assert.Single(await MessagesAsync(url)).GetProperty("records").GetInt32());
    }

    [Fact]
    public async Task Without_a_dead_letter_queue_an_oversized_change_stops_the_run_before_it()
    {
        await using PumpHarness h = await PumpHarness.StartAsync();
        h.Graph.AddVertex("before", ["person"]);
        h.Graph.AddVertex("big", ["blob"], [new("p", new string('x', 1024 * 1024))]);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => h.Pump(h.Options(o => o.Limit = 1)).RunAsync());

        Assert.Contains("dead-letter queue", error.Message, StringComparison.Ordinal);
        Assert.Equal(new StreamPosition(1, 1), await h.State.GetPositionAsync(h.Options().PumpId));
    }

    public void Dispose()
    {
        _sqs.Dispose();
        _s3.Dispose();
    }
}
