using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Pump.Tests.Kinesis;

public sealed class MotoKinesisTests : KinesisClientContract, IClassFixture<MotoServer>, IDisposable
{
    private readonly KinesisHttpClient _client;

    public MotoKinesisTests(MotoServer moto)
    {
        _client = KinesisHttpClient.Create(new Uri(moto.Endpoint), MotoServer.Credentials, MotoServer.Region);
    }

    protected override IKinesisClient Client => _client;

    [Fact]
    public async Task The_in_memory_Kinesis_picks_the_same_shard_as_moto_for_a_partition_key()
    {
        var memory = new InMemoryKinesis();
        await memory.CreateStreamAsync("s", 4);
        await _client.CreateStreamAsync("same-shards", 4);
        var entries = Enumerable.Range(0, 40).Select(i => new KinesisPutEntry($"vertex-{i}", "x"u8.ToArray())).ToList();

        KinesisPutResult fromMoto = await _client.PutRecordsAsync("same-shards", entries);
        KinesisPutResult fromMemory = await memory.PutRecordsAsync("s", entries);

        Assert.Equal(fromMoto.Entries.Select(e => e.ShardId), fromMemory.Entries.Select(e => e.ShardId));
    }

    public void Dispose() => _client.Dispose();
}
