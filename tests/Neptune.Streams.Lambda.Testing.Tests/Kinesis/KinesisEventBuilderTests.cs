using System.Numerics;
using System.Text;
using System.Text.Json;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Kinesis;
using Neptune.Streams.Lambda.Testing;
using Neptune.Streams.Lambda.Testing.Tests.Support;

namespace Neptune.Streams.Lambda.Testing.Tests.Kinesis;

public sealed class KinesisEventBuilderTests
{
    private static NeptuneChangeBuilder ThreePeople() => new NeptuneChangeBuilder(firstCommitNum: 100)
        .Commit().AddVertex("alice", "person", ("name", "Alice"))
        .Commit().AddVertex("bob", "person", ("name", "Bob"))
        .Commit().AddVertex("carol", "person", ("name", "Carol"));

    [Fact]
    public void Records_get_increasing_sequence_numbers_the_shard_and_Lambda_record_fields()
    {
        KinesisEvent built = new KinesisEventBuilder(shardId: "shardId-000000000007")
            .AddRecord("{}", partitionKey: "a").AddRecord("{}").Build();

        KinesisEventRecord first = built.Records[0];
        KinesisEventRecord second = built.Records[1];
        Assert.True(BigInteger.Parse(first.Kinesis.SequenceNumber) < BigInteger.Parse(second.Kinesis.SequenceNumber));
        Assert.Equal(KinesisEventBuilder.SequenceNumberAt(1), second.Kinesis.SequenceNumber);
        Assert.Equal("shardId-000000000007", first.ShardId);
        Assert.Equal(("a", KinesisEventBuilder.DefaultPartitionKey), (first.Kinesis.PartitionKey, second.Kinesis.PartitionKey));
        Assert.Equal(("aws:kinesis", "aws:kinesis:record", "us-east-1"), (first.EventSource, first.EventName, first.AwsRegion));
        Assert.True(second.Kinesis.ApproximateArrivalTimestamp > first.Kinesis.ApproximateArrivalTimestamp);
        Assert.Equal("{}", Encoding.UTF8.GetString(Convert.FromBase64String(first.Kinesis.Data)));
    }

    [Fact]
    public async Task A_KPL_aggregate_is_deaggregated_by_the_library_into_its_sub_records()
    {
        var log = new EventLog();
        await using var function = new RecordingFunction(log);
        KinesisEvent aggregated = new KinesisEventBuilder().AddAggregatedChanges(ThreePeople(), partitionKey: "people").Build();

        var response = await function.ProcessAsync(aggregated);

        Assert.Single(aggregated.Records);
        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(["alice", "bob", "carol"], log.Events.Select(e => e.Id));
        // Two change records per person (label, name), each a sub-record; an event sits where its last record does.
        Assert.Equal([1, 3, 5], log.Events.Select(e => e.Position.SubSequenceNumber));
        Assert.All(log.Events, e => Assert.Equal(aggregated.Records[0].Kinesis.SequenceNumber, e.Position.SequenceNumber));
    }

    [Fact]
    public async Task Gzip_records_and_gzip_sub_records_of_a_KPL_aggregate_round_trip_through_the_library()
    {
        IReadOnlyList<string> records = ThreePeople().Build();
        var log = new EventLog();
        await using var function = new RecordingFunction(log);
        var builder = new KinesisEventBuilder().AddGzipRecord(records[0]).AddAggregatedRecord(records.Skip(1), gzip: true);
        KinesisEvent built = builder.Build();

        var response = await function.ProcessAsync(built);

        Assert.Empty(response.BatchItemFailures);
        byte[] compressed = Convert.FromBase64String(built.Records[0].Kinesis.Data);
        Assert.Equal([0x1F, 0x8B], compressed[..2]);
        Assert.Equal(["Alice", "Bob", "Carol"], log.Events.Select(e => e.GetNewValue("name")?.Text));
    }

    [Fact]
    public async Task The_payload_is_Lambda_JSON_that_FunctionHandler_reads()
    {
        var log = new EventLog();
        await using var function = new RecordingFunction(log);
        var builder = new KinesisEventBuilder().AddChanges(ThreePeople());

        await using Stream output = await function.FunctionHandler(builder.ToStream());

        using (JsonDocument payload = JsonDocument.Parse(builder.ToPayload()))
        {
            JsonElement record = payload.RootElement.GetProperty("Records")[0];
            Assert.Equal(KinesisEventBuilder.SequenceNumberAt(0), record.GetProperty("kinesis").GetProperty("sequenceNumber").GetString());
            Assert.Equal($"{KinesisEventBuilder.DefaultShardId}:{KinesisEventBuilder.SequenceNumberAt(0)}", record.GetProperty("eventID").GetString());
        }

        using var reader = new StreamReader(output);
        Assert.Equal("{\"batchItemFailures\":[]}", await reader.ReadToEndAsync());
        Assert.Equal(3, log.Events.Count);
    }

    [Fact]
    public void The_payload_writes_base64_as_Lambda_does_with_plus_and_slash_unescaped()
    {
        byte[] payload = new KinesisEventBuilder().AddBinaryRecord([0xFB, 0xEF, 0xFF]).ToPayload(); // base64 "++//"

        string json = Encoding.UTF8.GetString(payload);
        Assert.Contains("\"data\":\"++//\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u002B", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_build_returns_new_records_so_a_test_can_change_one_event_without_touching_the_next()
    {
        var builder = new KinesisEventBuilder().AddRecord("{}");

        KinesisEvent first = builder.Build();
        first.Records[0].Kinesis.Data = "changed";

        Assert.NotEqual("changed", builder.Build().Records[0].Kinesis.Data);
    }

    [Fact]
    public async Task Graph_events_carry_the_Kinesis_position_the_builder_gave_their_last_record()
    {
        var log = new EventLog();
        await using var function = new RecordingFunction(log);

        await function.ProcessAsync(new KinesisEventBuilder(shardId: "shardId-000000000003").AddChanges(ThreePeople(), partitionKey: "p").Build());

        Assert.Equal(
            new KinesisPosition("shardId-000000000003", KinesisEventBuilder.SequenceNumberAt(3), -1, "p"),
            log.Events[1].Position);
    }
}
