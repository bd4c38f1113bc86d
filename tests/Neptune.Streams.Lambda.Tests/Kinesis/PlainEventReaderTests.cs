using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Lambda.Tests.Kinesis;

/// <summary>
/// The plain reader of Lambda's event must read a payload to exactly the record values the tokenizer's pass does, or
/// give up; never take what that pass refuses.
/// </summary>
public sealed class PlainEventReaderTests
{
    private const string Record =
        """{"kinesis":{"kinesisSchemaVersion":"1.0","partitionKey":"a8c4","sequenceNumber":"49656789012345678901234567890123456789012345678901234567","data":"eyJhIjoxfQ==","approximateArrivalTimestamp":1718010902.113},"eventSource":"aws:kinesis","eventVersion":"1.0","eventID":"shardId-000000000000:49656789012345678901234567890123456789012345678901234567","eventName":"aws:kinesis:record","invokeIdentityArn":"arn:aws:iam::123456789012:role/r","awsRegion":"us-east-1","eventSourceARN":"arn:aws:kinesis:us-east-1:123456789012:stream/s"}""";

    private static readonly string[] Events =
    [
        "{\"Records\":[" + Record + "," + Record.Replace("a8c4", "b9d5", StringComparison.Ordinal).Replace("1718010902.113", "1718010903", StringComparison.Ordinal) + "]}",
        "{\"Records\":[]}",
        """{"Records":[{"eventID":null,"eventSourceARN":null,"kinesis":{"partitionKey":null,"sequenceNumber":"1","data":null,"approximateArrivalTimestamp":0,"extra":[1,{"x":"y\u0041"}]},"eventSource":null,"other":{"a":[true,false,null,-1.5e-3]}}],"shardId":null,"window":null,"state":null,"isFinalInvokeForWindow":null,"isWindowTerminatedEarly":null,"eventSourceARN":null}""",
        "{ \"Records\" : [ { \"kinesis\" : { \"sequenceNumber\" : \"7\" , \"data\" : \"e30=\" } , \"eventID\" : \"shard-1:7\" } ] }\n",
    ];

    [Fact]
    public void LambdasEvents_AreReadByThePlainReader_AsTheTokenizerReadsThem()
    {
        foreach (string json in Events)
        {
            byte[] payload = Encoding.UTF8.GetBytes(json);

            var (plainRead, plain) = Read(payload, plainReader: true);

            Assert.True(plainRead, json);
            Assert.Equal(Read(payload, plainReader: false), (true, plain));
        }
    }

    [Theory]
    [InlineData("pg-json-records-event.json")]
    [InlineData("pg-json-page-event.json")]
    [InlineData("pg-json-gzip-event.json")]
    [InlineData("pg-json-kpl-event.json")]
    [InlineData("nquads-records-event.json")]
    [InlineData("seed-simplified-event.json")]
    [InlineData("not-neptune-event.json")]
    public void FixtureEvents_ReadTheSameWhicheverReaderReadsThem(string name)
    {
        byte[] payload = File.ReadAllBytes(Fixture.PathOf(name));

        var (plainRead, plain) = Read(payload, plainReader: true);

        Assert.True(plainRead);
        Assert.Equal(Read(payload, plainReader: false), (true, plain));
    }

    [Theory]
    [InlineData("{\"Records\":[RECORD],\"Records\":[RECORD]}")]
    [InlineData("{\"Records\":[RECORD],\"window\":{\"start\":\"a\"}}")]
    [InlineData("{\"Records\":[RECORD],\"state\":{}}")]
    [InlineData("{\"Records\":[RECORD],\"other\":[[[[[[[[[[[[1]]]]]]]]]]]]}")]
    [InlineData("{\"Records\":[RECORD]} x")]
    [InlineData("{\"Records\":[RECORD],}")]
    [InlineData("{\"Records\":[RECORD] /* c */}")]
    [InlineData("\uFEFF{\"Records\":[RECORD]}")]
    [InlineData("{\"Rec\\u006frds\":[RECORD]}")]
    [InlineData("{\"Records\":[{\"kinesis\":{\"sequenceNumber\":\"1\"},\"kinesis\":{\"data\":\"e30=\"}}]}")]
    [InlineData("{\"Records\":[{\"kinesis\":{\"sequenceNumber\":\"1\"},\"eventSource\":\"aws:sqs\"}]}")]
    [InlineData("{\"Records\":[{\"kinesis\":{\"sequenceNumber\":\"1\"},\"eventSource\":\"aws:\\u006binesis\"}]}")]
    [InlineData("{\"Records\":[{\"kinesis\":{\"sequenceNumber\":\"4965é7\",\"partitionKey\":\"ключ\",\"data\":\"e30=\"}}]}")]
    [InlineData("{\"Records\":[{\"kinesis\":{\"sequenceNumber\":\"4965\\u00e97\",\"data\":\"e30=\"}}]}")]
    [InlineData("{\"Records\":[{\"kinesis\":{\"sequenceNumber\":\"😀\",\"partitionKey\":\"a\"}},{\"kinesis\":{\"sequenceNumber\":\"2\",\"partitionKey\":\"a\"}}]}")]
    [InlineData("{\"Records\":[{\"kinesis\":{\"sequenceNumber\":\"\"}}]}")]
    [InlineData("{\"Records\":[{\"kinesis\":{\"sequenceNumber\":null}}]}")]
    [InlineData("{\"Records\":[{\"kinesis\":{\"sequenceNumber\":\"1\",\"data\":\"e3\\/0=\"},\"eventID\":\"s\\u0031:1\"}]}")]
    [InlineData("{\"Records\":[{\"kinesis\":{\"sequenceNumber\":\"1\",\"partitionKey\":5}}]}")]
    [InlineData("{\"Records\":[{\"kinesis\":{\"sequenceNumber\":\"1\",\"approximateArrivalTimestamp\":\"1\"}}]}")]
    [InlineData("{\"Records\":[{\"eventName\":1,\"kinesis\":{\"sequenceNumber\":\"1\"}}]}")]
    [InlineData("{\"Records\":[{\"sequenceNumber\":\"1\"}]}")]
    [InlineData("{\"Records\":{}}")]
    [InlineData("{}")]
    public void OddEvents_ReadTheSameWhicheverReaderReadsThem(string json)
    {
        byte[] payload = Encoding.UTF8.GetBytes(json.Replace("RECORD", Record, StringComparison.Ordinal));

        var tokenizer = Read(payload, plainReader: false);
        var (plainRead, plain) = Read(payload, plainReader: true);

        if (plainRead)
        {
            Assert.Equal(tokenizer, (true, plain));
        }
        else
        {
            Assert.True(!tokenizer.Read || json.Contains('\\') || json.Contains("[[[", StringComparison.Ordinal) || json.StartsWith('\uFEFF'), json);
        }
    }

    [Theory]
    [InlineData("1718012000.1399999")]
    [InlineData("1.7e9")]
    [InlineData("17E+8")]
    [InlineData("-1")]
    [InlineData("0.000000000000000001")]
    [InlineData("1e999")]
    [InlineData("123456789012345678901234567890")]
    public void ArrivalTimes_ReadTheSameWhicheverReaderReadsThem(string arrival)
    {
        byte[] payload = Encoding.UTF8.GetBytes("{\"Records\":[" + Record.Replace("1718010902.113", arrival, StringComparison.Ordinal) + "]}");

        var tokenizer = Read(payload, plainReader: false);
        var (plainRead, plain) = Read(payload, plainReader: true);

        Assert.Equal(tokenizer.Read, plainRead);
        Assert.Equal(tokenizer, (plainRead, plain));
    }

    [Fact]
    public void MutatedEvents_AreNeverReadDifferently()
    {
        // A byte dropped, doubled or replaced: the plain reader reads it to the same values as the tokenizer's pass,
        // or gives up; it never takes one that pass refuses.
        var random = new Random(20261202);
        byte[][] events = [.. Events.Select(Encoding.UTF8.GetBytes)];
        int taken = 0, readable = 0;
        for (int n = 0; n < 30_000; n++)
        {
            byte[] payload = JsonMutation.Mutate(events[random.Next(events.Length)], random);
            if (!Utf8.IsValid(payload))
            {
                continue; // the caller leaves such payloads to the general reader before either pass
            }

            var tokenizer = Read(payload, plainReader: false);
            var (plainRead, plain) = Read(payload, plainReader: true);
            readable += tokenizer.Read ? 1 : 0;
            if (plainRead)
            {
                taken++;
                Assert.Equal(tokenizer, (true, plain));
            }
        }

        Assert.True(readable > 3_000, $"only {readable} mutations were readable: the test does not test much");
        Assert.True(taken > readable / 2, $"the plain reader took only {taken} of {readable} readable mutations");
    }

    private static (bool Read, string Entries) Read(byte[] payload, bool plainReader)
    {
        KinesisRecordEntry[] entries = ArrayPool<KinesisRecordEntry>.Shared.Rent(4);
        int count = 0;
        bool read;
        try
        {
            read = plainReader
                ? PlainEventReader.TryReadEvent(payload, ref entries, ref count)
                : KinesisBatchReader.TryReadEvent(payload, ref entries, ref count);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or ArgumentException or FormatException)
        {
            read = false;
        }

        if (!read)
        {
            ArrayPool<KinesisRecordEntry>.Shared.Return(entries, clearArray: true);
            return (false, string.Empty);
        }

        // Through the batch, as the record loop reads them (the plain reader leaves partition keys to it).
        using var batch = KinesisBatch.FromPayload(entries, count, payload);
        return (true, string.Join("\n", Enumerable.Range(0, count).Select(i => Describe(batch[i], payload))));
    }

    private static string Describe(KinesisRecordEntry e, byte[] payload) =>
        $"{e.SequenceNumber}|{e.ShardId}|{e.PartitionKey ?? "∅"}|{e.EventSourceArn ?? "∅"}|{e.ApproximateArrivalTimestamp:R}|{e.Data}|{e.Data.ToString(payload) ?? "∅"}";
}
