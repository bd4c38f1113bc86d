using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda.DeadLetters;
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
    public async Task FunctionHandler_AllHandled_AnswersWhatTheSerializerWritesForNoFailures()
    {
        await using var function = new RecordingFunction();
        using var output = await function.FunctionHandler(File.OpenRead(Fixture.PathOf("pg-json-page-event.json")));

        using var bytes = new MemoryStream();
        await output.CopyToAsync(bytes);
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(new StreamsEventResponse(), LambdaEventJsonContext.Default.StreamsEventResponse), bytes.ToArray());
    }

    [Fact]
    public async Task FunctionHandler_ResponsesAreReadOnly_SoNoCallerChangesTheNext()
    {
        await using var function = new RecordingFunction();
        using var first = await function.FunctionHandler(new MemoryStream(File.ReadAllBytes(Fixture.PathOf("pg-json-page-event.json"))));
        using var second = await function.FunctionHandler(new MemoryStream(File.ReadAllBytes(Fixture.PathOf("pg-json-page-event.json"))));

        Assert.False(first.CanWrite);
        Assert.Equal("""{"batchItemFailures":[]}""", await new StreamReader(first).ReadToEndAsync());
        Assert.Equal("""{"batchItemFailures":[]}""", await new StreamReader(second).ReadToEndAsync());
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
    private const string RecordTemplate =
        """{"kinesis":{"kinesisSchemaVersion":"1.0","partitionKey":"p","sequenceNumber":SEQ,"data":DATA,"approximateArrivalTimestamp":TS},"eventSource":"aws:kinesis","eventID":"shardId-000000000003:EID","eventSourceARN":"arn"}""";

    private static MemoryStream EventOf(string sequence = "\"4965\"", string data = "\"e30=\"", string timestamp = "1.5") =>
        new(Encoding.UTF8.GetBytes("{\"Records\":[" + RecordTemplate.Replace("SEQ", sequence, StringComparison.Ordinal)
            .Replace("DATA", data, StringComparison.Ordinal).Replace("TS", timestamp, StringComparison.Ordinal)
            .Replace("EID", sequence.Trim('"'), StringComparison.Ordinal) + "]}"));

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    public async Task DataNullOrEmpty_IsAPoisonRecordNamingShardAndSequenceNumber(string data)
    {
        var sink = new DeadLetterRecorder();
        await using var function = new RecordingFunction(b => b.Services.AddSingleton<IDeadLetterSink>(sink));

        using var output = await function.FunctionHandler(EventOf(data: data));

        Assert.Equal("""{"batchItemFailures":[]}""", await new StreamReader(output).ReadToEndAsync());
        var poison = Assert.Single(sink.Records);
        Assert.Equal(("shardId-000000000003", "4965"), (poison.Position.ShardId, poison.Position.SequenceNumber));
        Assert.Equal("data is missing or empty", poison.Reason);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    public async Task SequenceNumberNullOrEmpty_IsAnInvocationErrorNamingTheRecord(string sequence)
    {
        await using var function = new RecordingFunction();

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => function.FunctionHandler(EventOf(sequence: sequence)));

        Assert.Contains("record 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"sequenceNumber\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"Records":[{"kinesis":null,"eventID":"shardId-1:5"}]}""", "has no \"kinesis\"")]
    [InlineData("""{"Records":[null]}""", "record 0 is JSON null")]
    [InlineData("""{"Records":null}""", "\"Records\" is missing or null")]
    [InlineData("""{}""", "it is an empty object")]
    [InlineData("""{"detail-type":"x","source":"aws.events"}""", "its properties: detail-type, source")]
    [InlineData("""{"Records":[{"messageId":"m1","body":"{}","eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:us-east-1:1:q"}]}""", "comes from 'aws:sqs'")]
    public async Task NotAKinesisEvent_IsAnInvocationErrorNamingWhatArrived(string json, string expected)
    {
        await using var function = new RecordingFunction();

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => function.FunctionHandler(new MemoryStream(Encoding.UTF8.GetBytes(json))));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Empty(function.Recorder.Events);
    }

    [Fact]
    public async Task EmptyRecordsArray_IsAnEmptySuccess()
    {
        await using var function = new RecordingFunction();

        using var output = await function.FunctionHandler(new MemoryStream("""{"Records":[]}"""u8.ToArray()));

        Assert.Equal("""{"batchItemFailures":[]}""", await new StreamReader(output).ReadToEndAsync());
    }

    [Theory]
    [InlineData("1e308")]
    [InlineData("-1e308")]
    [InlineData("253402300800")]
    public async Task ArrivalTimestampOutOfRange_IsIgnoredNotACrash(string timestamp)
    {
        await using var function = new RecordingFunction();

        using var output = await function.FunctionHandler(EventOf(data: "\"" + Convert.ToBase64String(Encoding.UTF8.GetBytes(Batches.Pg(1, 1, "v", "vl", "label", "person", last: true))) + "\"", timestamp: timestamp));

        Assert.Equal("""{"batchItemFailures":[]}""", await new StreamReader(output).ReadToEndAsync());
        Assert.Single(function.Recorder.Events);
    }

    [Fact]
    public async Task TumblingWindowState_WithNumericValues_AsAwsLambdaDotnetsSampleSendsIt()
    {
        // The state from aws-lambda-dotnet's KinesisTimeWindowEvent test payload: values are numbers, not strings.
        const string json = """
            {"Records":[],"window":{"start":"2020-07-30T17:00:00Z","end":"2020-07-30T17:05:00Z"},
             "state":{"1":282,"2":715,"3":"text","4":{"n":[1]},"5":true},"shardId":"shardId-000000000006",
             "eventSourceARN":"arn:aws:kinesis:us-east-1:123456789012:stream/lambda-stream","isFinalInvokeForWindow":false,"isWindowTerminatedEarly":false}
            """;

        var kinesisEvent = await NeptuneStreamFunction.ReadEventAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)));

        Assert.Equal("282", kinesisEvent.State!["1"]);
        Assert.Equal("715", kinesisEvent.State["2"]);
        Assert.Equal("text", kinesisEvent.State["3"]);
        Assert.Equal("""{"n":[1]}""", kinesisEvent.State["4"]);
        Assert.Equal("true", kinesisEvent.State["5"]);
    }
}
