using System.Text;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.Redrive;

namespace Neptune.Streams.Pump.Tests.Kinesis;

public sealed class DeadLetterRedriveTests
{
    [Fact]
    public async Task Redrives_in_original_order_per_key_and_deletes_only_what_Kinesis_accepted()
    {
        var kinesis = new InMemoryKinesis();
        await kinesis.CreateStreamAsync("s", 1);
        var deleted = new List<string>();
        DeadLetter Letter(string key, string seq, string data) =>
            new(key, Encoding.UTF8.GetBytes(data), "shardId-000000000000", seq, -1, _ => { deleted.Add(data); return Task.CompletedTask; });
        // A queue hands them back out of order; 10 < 9 as text but not as a number.
        DeadLetter[] letters = [Letter("a", "10", "a2"), Letter("b", "5", "b1"), Letter("a", "9", "a1"), Letter("a", "100", "a3")];
        int rejected = 0;
        kinesis.PutFault = e => e.PartitionKey == "a" && rejected++ == 0 ? "ProvisionedThroughputExceededException" : null;

        int count = await DeadLetterRedrive.RedriveAsync(letters, kinesis, "s");

        Assert.Equal(4, count);
        string iterator = await kinesis.GetShardIteratorAsync("s", "shardId-000000000000", ShardIteratorKind.TrimHorizon);
        string[] data = [.. (await kinesis.GetRecordsAsync(iterator, 10)).Records.Select(r => Encoding.UTF8.GetString(r.Data.Span))];
        Assert.Equal(["a1", "a2", "a3"], data.Where(d => d[0] == 'a').ToArray());
        Assert.Equal(4, data.Length);
        Assert.Equal(4, deleted.Count);
    }

    [Fact]
    public async Task Nothing_is_deleted_when_Kinesis_does_not_accept_the_records()
    {
        var kinesis = new InMemoryKinesis();
        var deleted = 0;
        DeadLetter[] letters = [new("k", "x"u8.ToArray(), "shardId-000000000000", "1", -1, _ => { deleted++; return Task.CompletedTask; })];

        await Assert.ThrowsAsync<KinesisException>(() => DeadLetterRedrive.RedriveAsync(letters, kinesis, "missing-stream"));

        Assert.Equal(0, deleted);
    }
}
