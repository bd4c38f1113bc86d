using System.Text;
using Neptune.Streams.Lambda.Kinesis;
using Neptune.Streams.Local.EventSourceMapping;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Pump.Tests.EventSourceMapping;

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
}
