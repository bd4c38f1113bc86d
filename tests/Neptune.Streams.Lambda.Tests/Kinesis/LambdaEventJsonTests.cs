using System.Text;
using System.Text.Json;
using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Lambda.Tests.Kinesis;

public sealed class LambdaEventJsonTests
{
    [Fact]
    public void FixtureEvent_ReadsEveryWireField()
    {
        var kinesisEvent = Fixture.Event("pg-json-records-event.json");

        var record = kinesisEvent.Records[0];
        Assert.Equal(17, kinesisEvent.Records.Count);
        Assert.Equal("aws:kinesis", record.EventSource);
        Assert.Equal("1.0", record.EventVersion);
        Assert.Equal("aws:kinesis:record", record.EventName);
        Assert.Equal("us-east-1", record.AwsRegion);
        Assert.Equal("arn:aws:kinesis:us-east-1:123456789012:stream/neptune-changes", record.EventSourceArn);
        Assert.Equal("arn:aws:iam::123456789012:role/neptune-streams-consumer", record.InvokeIdentityArn);
        Assert.Equal("shardId-000000000000", record.ShardId);
        Assert.Equal("1.0", record.Kinesis.KinesisSchemaVersion);
        Assert.Equal("a8c4a1f2-3b7e-5c1d-9e2f-4d6b8a0c2e41", record.Kinesis.PartitionKey);
        Assert.Equal("49656789012345678901234567890123456789012345678901234567", record.Kinesis.SequenceNumber);
        Assert.Equal(1718012000.123, record.Kinesis.ApproximateArrivalTimestamp);
    }

    [Fact]
    public async Task TumblingWindowAndEncryptionFields_AreTolerated()
    {
        const string json = """
            {"Records":[{"kinesis":{"kinesisSchemaVersion":"1.0","partitionKey":"p","sequenceNumber":"1","data":"e30=",
              "approximateArrivalTimestamp":1.5,"encryptionType":"KMS"},"eventID":"shardId-000000000007:1","eventSourceARN":"arn"}],
             "window":{"start":"2026-01-01T00:00:00Z","end":"2026-01-01T00:01:00Z"},"state":{"k":"v"},"shardId":"shardId-000000000007",
             "eventSourceARN":"arn","isFinalInvokeForWindow":false,"isWindowTerminatedEarly":false,"somethingNew":[1,2]}
            """;

        var kinesisEvent = await NeptuneStreamFunction.ReadEventAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)));

        Assert.Equal("KMS", kinesisEvent.Records[0].Kinesis.EncryptionType);
        Assert.Equal("shardId-000000000007", kinesisEvent.ShardId);
        Assert.Equal("2026-01-01T00:01:00Z", kinesisEvent.Window!.End);
        Assert.Equal("v", kinesisEvent.State!["k"]);
        Assert.False(kinesisEvent.IsFinalInvokeForWindow);
        Assert.Equal("shardId-000000000007", kinesisEvent.Records[0].ShardId);
    }

    [Fact]
    public void Response_HasLambdasExactShape()
    {
        var response = new StreamsEventResponse { BatchItemFailures = { new BatchItemFailure { ItemIdentifier = "4965" } } };

        Assert.Equal("""{"batchItemFailures":[{"itemIdentifier":"4965"}]}""", JsonSerializer.Serialize(response, LambdaEventJsonContext.Default.StreamsEventResponse));
        Assert.Equal("""{"batchItemFailures":[]}""", JsonSerializer.Serialize(new StreamsEventResponse(), LambdaEventJsonContext.Default.StreamsEventResponse));
    }

    [Fact]
    public async Task MalformedEvent_ThrowsAClearError()
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(
            async () => await NeptuneStreamFunction.ReadEventAsync(new MemoryStream("{\"Records\": 7}"u8.ToArray())));

        Assert.Contains("not a Lambda Kinesis event", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FunctionHandler_StreamInStreamOut()
    {
        await using var function = new RecordingFunction();
        await using var input = File.OpenRead(Fixture.PathOf("pg-json-page-event.json"));

        using var output = await function.FunctionHandler(input);

        Assert.Equal("""{"batchItemFailures":[]}""", await new StreamReader(output).ReadToEndAsync());
        Assert.Equal(8, function.Recorder.Events.Count);
    }
}
