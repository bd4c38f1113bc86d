using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda.ChangeRecords;
using Neptune.Streams.Lambda.Checkpoints;
using Neptune.Streams.Lambda.DeadLetters;
using Neptune.Streams.Lambda.Kinesis;
using Neptune.Streams.Lambda.Processing;

namespace Neptune.Streams.Lambda.Tests.Kinesis;

/// <summary>
/// The one-pass reader of the invocation payload: it takes what Lambda sends, and reads it to the same values the
/// KinesisEvent path does; whatever it gives up on is read the general way, with the same designated errors.
/// </summary>
public sealed class KinesisBatchReaderTests
{
    private const string RecordTemplate =
        """{"kinesis":{"kinesisSchemaVersion":"1.0","partitionKey":"p","sequenceNumber":SEQ,"data":DATA,"approximateArrivalTimestamp":1.5},"eventSource":"aws:kinesis","eventID":"shardId-000000000003:4965","eventSourceARN":"arn"}""";

    private static byte[] EventOf(string sequence = "\"4965\"", string data = "\"e30=\"", string extra = "") =>
        Encoding.UTF8.GetBytes("{\"Records\":[" + RecordTemplate.Replace("SEQ", sequence, StringComparison.Ordinal)
            .Replace("DATA", data, StringComparison.Ordinal) + "]" + extra + "}");

    [Fact]
    public void PartitionKey_IsTheSameStringAsTheRecordsElementId()
    {
        const string Id = "a8c4a1f2-3b7e-5c1d-9e2f-000000000042";
        string change = $$$"""{"commitTimestamp":1,"eventId":{"commitNum":7,"opNum":1},"data":{"id":"{{{Id}}}","type":"vl","key":"label","value":{"value":"person","dataType":"String"}},"op":"ADD"}""";
        byte[] payload = Encoding.UTF8.GetBytes("{\"Records\":[" + RecordTemplate
            .Replace("\"p\"", $"\"{Id}\"", StringComparison.Ordinal)
            .Replace("SEQ", "\"4965\"", StringComparison.Ordinal)
            .Replace("DATA", $"\"{Convert.ToBase64String(Encoding.UTF8.GetBytes(change))}\"", StringComparison.Ordinal) + "]}");

        Assert.True(KinesisBatchReader.TryRead(payload, out KinesisBatch? batch));
        using (batch)
        {
            var changes = new List<ChangeRecord>();
            Assert.Null(ChangeRecordParser.Parse(Encoding.UTF8.GetBytes(change), changes));

            Assert.Equal(Id, batch!.Count == 1 ? batch[0].PartitionKey : null);
            Assert.Same(batch[0].PartitionKey, Assert.Single(changes).Id);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PartitionKeys_OfABatchLargerThanTheStringCache_AreEachTheSameStringAsTheirRecordsElementId(bool checkpointsLoadedFirst)
    {
        // A 6 MB batch holds about 7,000 records: keys made while the batch was read had all gone through the cache's
        // slots before the first record was parsed, so each id became a second string.
        const int Records = 2_000;
        var changes = new List<string>(Records);
        var records = new List<string>(Records);
        for (int i = 0; i < Records; i++)
        {
            string id = $"a8c4a1f2-3b7e-5c1d-9e2f-{i:D12}";
            string change = $$$"""{"commitTimestamp":1,"eventId":{"commitNum":{{{i + 1}}},"opNum":1},"data":{"id":"{{{id}}}","type":"vl","key":"label","value":{"value":"person","dataType":"String"}},"op":"ADD","isLastOp":true}""";
            changes.Add(change);
            records.Add(RecordTemplate
                .Replace("\"p\"", $"\"{id}\"", StringComparison.Ordinal)
                .Replace("SEQ", $"\"{4965 + i}\"", StringComparison.Ordinal)
                .Replace("DATA", $"\"{Convert.ToBase64String(Encoding.UTF8.GetBytes(change))}\"", StringComparison.Ordinal));
        }

        Assert.True(KinesisBatchReader.TryRead(Encoding.UTF8.GetBytes("{\"Records\":[" + string.Join(",", records) + "]}"), out KinesisBatch? batch));
        using (batch)
        {
            if (checkpointsLoadedFirst)
            {
                // Checkpoints per shard (the default) read every record before the loop, and need no key.
                var tracker = new CheckpointTracker(
                    new InMemoryCheckpointStore(), new CheckpointOptions(), TimeSpan.FromSeconds(1), TimeProvider.System,
                    Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, new BatchSummary(TimeProvider.System));
                await tracker.LoadAsync(batch!, "function", CancellationToken.None);
            }

            var parsed = new List<ChangeRecord>();
            int shared = 0;
            for (int i = 0; i < Records; i++)
            {
                string key = batch![i].PartitionKey; // the record loop reads the record, then parses it
                parsed.Clear();
                Assert.Null(ChangeRecordParser.Parse(Encoding.UTF8.GetBytes(changes[i]), parsed));
                Assert.Equal(key, parsed[0].Id);
                shared += ReferenceEquals(key, parsed[0].Id) ? 1 : 0;
            }

            Assert.Equal(Records, shared);
        }
    }

    [Theory]
    [InlineData("pg-json-records-event.json")]
    [InlineData("pg-json-page-event.json")]
    [InlineData("pg-json-gzip-event.json")]
    [InlineData("pg-json-kpl-event.json")]
    [InlineData("nquads-records-event.json")]
    [InlineData("seed-simplified-event.json")]
    public void FixtureEvent_IsReadInOnePass_ToTheValuesOfTheKinesisEventPath(string name)
    {
        byte[] payload = File.ReadAllBytes(Fixture.PathOf(name));
        KinesisEvent expected = Fixture.Event(name);

        Assert.True(KinesisBatchReader.TryRead(payload, out KinesisBatch? batch));
        using (batch)
        {
            Assert.Equal(expected.Records.Count, batch!.Count);
            for (int i = 0; i < batch.Count; i++)
            {
                KinesisEventRecord record = expected.Records[i];
                KinesisRecordEntry entry = batch[i];
                Assert.Equal(record.Kinesis.SequenceNumber, entry.SequenceNumber);
                Assert.Equal(record.ShardId, entry.ShardId);
                Assert.Equal(record.Kinesis.PartitionKey, entry.PartitionKey);
                Assert.Equal(record.EventSourceArn, entry.EventSourceArn);
                Assert.Equal(record.Kinesis.ApproximateArrivalTimestamp, entry.ApproximateArrivalTimestamp);
                Assert.Equal(record.Kinesis.Data, batch.DataText(i));
            }
        }
    }

    [Theory]
    [InlineData("1545084650.987")]
    [InlineData("1718012000.123")]
    [InlineData("1718012000")]
    [InlineData("0")]
    [InlineData("0.1")]
    [InlineData("123456789012345")]
    [InlineData("12345678901234.5")]
    [InlineData("1234567890123456")]
    [InlineData("1.234567890123456")]
    [InlineData("0.000000000000001")]
    [InlineData("9007199254740993")]
    [InlineData("1545084650.9870000001")]
    [InlineData("1.5e9")]
    [InlineData("-1545084650.987")]
    public void ArrivalTimestamp_IsTheDoubleTheGeneralParserReads(string number)
    {
        byte[] json = Encoding.UTF8.GetBytes(number);
        var reader = new System.Text.Json.Utf8JsonReader(json, isFinalBlock: true, state: default);
        Assert.True(reader.Read());
        var general = new System.Text.Json.Utf8JsonReader(json, isFinalBlock: true, state: default);
        general.Read();
        Assert.True(general.TryGetDouble(out double expected));

        Assert.True(KinesisBatchReader.TryReadSeconds(ref reader, out double seconds));

        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(seconds));
    }

    [Fact]
    public void ArrivalTimestamps_OfEveryMillisecondForm_AreTheDoublesTheGeneralParserReads()
    {
        var random = new Random(12);
        for (int i = 0; i < 100_000; i++)
        {
            long millis = random.NextInt64(0, 99_999_999_999_999);
            int decimals = random.Next(0, 6);
            string text = decimals == 0 ? millis.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : (millis / Pow10(decimals)).ToString(System.Globalization.CultureInfo.InvariantCulture) + "."
                    + (millis % Pow10(decimals)).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(decimals, '0');
            byte[] json = Encoding.UTF8.GetBytes(text);
            var reader = new System.Text.Json.Utf8JsonReader(json, isFinalBlock: true, state: default);
            reader.Read();

            Assert.True(KinesisBatchReader.TryReadSeconds(ref reader, out double seconds));

            Assert.Equal(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture), seconds);
        }

        static long Pow10(int n) => (long)Math.Pow(10, n);
    }

    [Fact]
    public void NullWindowFields_AsASerializerWritesThem_StayOnTheOnePassPath()
    {
        byte[] payload = EventOf(extra: ""","shardId":null,"eventSourceARN":null,"window":null,"state":null,"isFinalInvokeForWindow":null,"isWindowTerminatedEarly":null""");

        Assert.True(KinesisBatchReader.TryRead(payload, out KinesisBatch? batch));
        batch!.Dispose();
    }

    public static TheoryData<string> Unusual => new()
    {
        "a comment",
        "a trailing comma",
        "an escaped member name",
        "invalid UTF-8 in a member nobody reads",
    };

    [Theory]
    [MemberData(nameof(Unusual))]
    public async Task UnusualButValidPayload_IsLeftToTheGeneralReader_AndHandledTheSame(string variant)
    {
        byte[] usual = File.ReadAllBytes(Fixture.PathOf("pg-json-records-event.json"));
        string text = Encoding.UTF8.GetString(usual);
        int records = text.IndexOf("\"Records\"", StringComparison.Ordinal);
        byte[] unusual = variant switch
        {
            "a comment" => Encoding.UTF8.GetBytes(text.Insert(records, "/* not from Lambda */ ")),
            "a trailing comma" => Encoding.UTF8.GetBytes(text.Insert(text.LastIndexOf(']'), ",")),
            "an escaped member name" => Encoding.UTF8.GetBytes(text.Replace("\"partitionKey\"", "\"\\u0070artitionKey\"", StringComparison.Ordinal)),
            _ => [.. usual.AsSpan(0, records), .. "\"x\":\""u8, 0xC3, 0x28, .. "\","u8, .. usual.AsSpan(records)],
        };

        Assert.True(KinesisBatchReader.TryRead(usual, out KinesisBatch? batch));
        batch!.Dispose();
        Assert.False(KinesisBatchReader.TryRead(unusual, out _));
        Assert.Equal(await HandleAsync(usual), await HandleAsync(unusual));
    }

    private static async Task<string> HandleAsync(byte[] payload)
    {
        await using var function = new RecordingFunction();
        using Stream response = await function.FunctionHandler(new MemoryStream(payload));
        string events = string.Join(" ", function.Recorder.Events.Select(e => $"{e.Kind}:{e.Id}@{e.Position.SequenceNumber}/{e.Position.PartitionKey}"));
        Assert.NotEmpty(function.Recorder.Events);
        return await new StreamReader(response).ReadToEndAsync() + " " + events;
    }

    [Fact]
    public void TumblingWindowEvent_IsLeftToTheGeneralReader()
    {
        Assert.False(KinesisBatchReader.TryRead(EventOf(extra: ""","window":{"start":"a","end":"b"}"""), out _));
    }

    [Fact]
    public void EscapedBase64_DecodesToTheSameBytes_AndDeadLettersUnescaped()
    {
        // "+" and "/" as System.Text.Json escapes them by default, and as "\/".
        byte[] bytes = [0xFB, 0xFF, 0xBF, 0x7B, 0x7D];
        string base64 = Convert.ToBase64String(bytes);
        Assert.Contains("+", base64, StringComparison.Ordinal);
        Assert.Contains("/", base64, StringComparison.Ordinal);
        string escaped = base64.Replace("+", "\\u002B", StringComparison.Ordinal).Replace("/", "\\/", StringComparison.Ordinal);

        Assert.True(KinesisBatchReader.TryRead(EventOf(data: "\"" + escaped + "\""), out KinesisBatch? batch));
        using (batch)
        using (var decoder = new KinesisPayloadDecoder(new DecodingOptions()))
        {
            Assert.Equal(PayloadStatus.Ready, decoder.Decode(batch!, 0, out string? error));
            Assert.Null(error);
            Assert.Equal(bytes, decoder.Payloads[0].Data.ToArray());
            Assert.Equal(base64, batch!.DataText(0));
        }
    }

    [Fact]
    public void Base64WithWhitespace_IsTakenAsTheKinesisEventPathTakesIt()
    {
        Assert.True(KinesisBatchReader.TryRead(EventOf(data: "\"e3\\n0=\""), out KinesisBatch? batch));
        using (batch)
        using (var decoder = new KinesisPayloadDecoder(new DecodingOptions()))
        {
            Assert.Equal(PayloadStatus.Ready, decoder.Decode(batch!, 0, out _));
            Assert.Equal("{}"u8.ToArray(), decoder.Payloads[0].Data.ToArray());
        }
    }

    [Fact]
    public async Task HugeBase64_IsDecodedFromThePayload_AndHugeInvalidBase64IsAPoisonRecordKeptWhole()
    {
        var sink = new DeadLetterRecorder();
        await using var function = new RecordingFunction(b => b.Services.AddSingleton<IDeadLetterSink>(sink));
        string huge = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"padding\":\"" + new string('x', 4 * 1024 * 1024) + "\"}"));
        string invalid = huge[..^8] + "!!!!!!!!";

        using var fine = await function.FunctionHandler(new MemoryStream(EventOf(data: "\"" + huge + "\"")));
        using var poison = await function.FunctionHandler(new MemoryStream(EventOf(data: "\"" + invalid + "\"")));

        Assert.Equal("""{"batchItemFailures":[]}""", await new StreamReader(poison).ReadToEndAsync());
        Assert.Equal(2, sink.Records.Count); // a JSON object that is not a Neptune change record, then the invalid base64
        Assert.Equal(huge, sink.Records[0].Data);
        Assert.Equal("data is not valid base64", sink.Records[1].Reason);
        Assert.Equal(invalid, sink.Records[1].Data);
        Assert.Equal(("shardId-000000000003", "4965"), (sink.Records[1].Position.ShardId, sink.Records[1].Position.SequenceNumber));
    }

    [Fact]
    public async Task JsonNullData_IsAPoisonRecordWithEmptyData()
    {
        var sink = new DeadLetterRecorder();
        await using var function = new RecordingFunction(b => b.Services.AddSingleton<IDeadLetterSink>(sink));

        using var output = await function.FunctionHandler(new MemoryStream(EventOf(data: "null")));

        PoisonRecord poison = Assert.Single(sink.Records);
        Assert.Equal("data is missing or empty", poison.Reason);
        Assert.Equal(string.Empty, poison.Data);
        Assert.Equal("arn", poison.EventSourceArn);
        Assert.Equal(1.5, poison.ApproximateArrivalTimestamp);
    }

    public static TheoryData<string> Malformed() => new()
    {
        "null",
        "[]",
        "7",
        "{}",
        """{"Records": 7}""",
        """{"Records":null}""",
        """{"Records":[null]}""",
        """{"Records":[7]}""",
        """{"Records":[{"kinesis":null,"eventID":"shardId-1:5"}]}""",
        """{"Records":[{"eventID":"shardId-1:5"}]}""",
        """{"Records":[{"kinesis":{"data":"e30="},"eventID":"shardId-1:5"}]}""",
        """{"Records":[{"kinesis":{"sequenceNumber":null,"data":"e30="},"eventID":"shardId-1:5"}]}""",
        """{"Records":[{"kinesis":{"sequenceNumber":"","data":"e30="},"eventID":"shardId-1:5"}]}""",
        """{"Records":[{"kinesis":{"sequenceNumber":5,"data":"e30="}}]}""",
        """{"Records":[{"kinesis":{"sequenceNumber":"5","data":5}}]}""",
        """{"Records":[{"kinesis":{"sequenceNumber":"5","data":{}}}]}""",
        """{"Records":[{"kinesis":{"sequenceNumber":"5","approximateArrivalTimestamp":"soon"}}]}""",
        """{"Records":[{"kinesis":{"sequenceNumber":"5","approximateArrivalTimestamp":null}}]}""",
        """{"Records":[{"kinesis":{"sequenceNumber":"5"},"eventSource":"aws:sqs"}]}""",
        """{"Records":[{"kinesis":{"sequenceNumber":"5"},"eventID":["shardId-1"]}]}""",
        """{"Records":[{"kinesis":{"sequenceNumber":"5","partitionKey":"\uZZZZ"}}]}""",
        """{"Records":[{"kinesis":{"sequenceNumber":"5"}}]""",
        """{"Records":[{"kinesis":{"sequenceNumber":"5"}}]} trailing""",
        """{"Records":[],"Records":[]}""",
        """{"Records":[],"window":7}""",
        """{"detail-type":"x","source":"aws.events"}""",
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task MalformedPayload_GetsTheGeneralReadersDesignatedError(string json)
    {
        byte[] payload = Encoding.UTF8.GetBytes(json);
        string? expected = GeneralReaderError(payload);
        await using var function = new RecordingFunction();

        if (expected is null)
        {
            // Valid for the general reader (a repeated "Records"): the one-pass reader leaves it to it, same result.
            Assert.False(KinesisBatchReader.TryRead(payload, out _));
            using var output = await function.FunctionHandler(new MemoryStream(payload));
            Assert.Equal("""{"batchItemFailures":[]}""", await new StreamReader(output).ReadToEndAsync());
            return;
        }

        Assert.False(KinesisBatchReader.TryRead(payload, out _));
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => function.FunctionHandler(new MemoryStream(payload)));
        Assert.Equal(expected, error.Message);
        Assert.Empty(function.Recorder.Events);
    }

    [Fact]
    public async Task InvalidUtf8InAKnownField_IsTheGeneralReadersError()
    {
        byte[] payload = [.. """{"Records":[{"kinesis":{"sequenceNumber":"5","partitionKey":" """u8[..^1], 0xC3, 0x28, .. "\"}}]}"u8];
        string? expected = GeneralReaderError(payload);
        await using var function = new RecordingFunction();

        Assert.NotNull(expected);
        Assert.False(KinesisBatchReader.TryRead(payload, out _));
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => function.FunctionHandler(new MemoryStream(payload)));
        Assert.Equal(expected, error.Message);
    }

    private static string? GeneralReaderError(byte[] payload)
    {
        try
        {
            KinesisEventValidator.Validate(KinesisEventReader.Read(payload), fromWire: false);
            return null;
        }
        catch (InvalidDataException ex)
        {
            return ex.Message;
        }
    }
}
