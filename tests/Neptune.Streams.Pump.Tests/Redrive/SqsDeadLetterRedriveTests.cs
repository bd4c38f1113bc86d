using System.Text;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.Redrive;
using Neptune.Streams.Pump.Tests.Hosting;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Pump.Tests.Redrive;

/// <summary>Dead letters written by the consumer's real SQS sink go back onto Kinesis, on moto (SQS, S3, Kinesis).</summary>
public sealed class SqsDeadLetterRedriveTests(MotoServer moto) : IClassFixture<MotoServer>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private KinesisHttpClient Kinesis() => KinesisHttpClient.Create(new Uri(moto.Endpoint), MotoServer.Credentials, MotoServer.Region);

    [Fact]
    public async Task Dead_letters_go_back_in_original_order_per_key_and_each_message_and_object_is_deleted()
    {
        using PoisonQueue queue = await PoisonQueue.CreateAsync(moto);
        Assert.Equal((5, 1), await queue.CountAsync());
        using KinesisHttpClient kinesis = Kinesis();
        string stream = $"redrive-{Guid.NewGuid():N}";
        await kinesis.CreateStreamAsync(stream, 2);

        var source = new SqsDeadLetterSource(queue.Sqs, queue.S3, queue.QueueUrl) { LargeRecordBucket = queue.Bucket };
        int count = await DeadLetterRedrive.RedriveAsync(await source.ReceiveAllAsync(), kinesis, stream);

        Assert.Equal(5, count);
        Assert.Equal(0, source.Skipped);
        var written = await ReadAllAsync(kinesis, stream);
        foreach (string key in new[] { "a", "b" })
        {
            Assert.Equal(
                PoisonQueue.Records.Where(r => r.Key == key).Select(r => r.Data),
                written.Where(r => r.Key == key).Select(r => r.Data));
        }

        Assert.Equal((0, 0), await queue.CountAsync());
    }

    [Fact]
    public async Task A_Kinesis_failure_leaves_every_message_and_object_in_place()
    {
        using PoisonQueue queue = await PoisonQueue.CreateAsync(moto);
        using KinesisHttpClient kinesis = Kinesis();

        var source = new SqsDeadLetterSource(queue.Sqs, queue.S3, queue.QueueUrl) { LargeRecordBucket = queue.Bucket };
        await Assert.ThrowsAsync<KinesisException>(async () => await DeadLetterRedrive.RedriveAsync(await source.ReceiveAllAsync(), kinesis, "no-such-stream"));
        await source.ReleaseAsync();

        Assert.Equal((5, 1), await queue.CountAsync());
    }

    [Fact]
    public async Task A_message_that_is_not_a_dead_letter_is_skipped_and_left_in_the_queue()
    {
        using PoisonQueue queue = await PoisonQueue.CreateAsync(moto);
        await queue.Sqs.SendMessageAsync(queue.QueueUrl, "{\"not\": \"a dead letter\"}");
        using KinesisHttpClient kinesis = Kinesis();
        string stream = $"redrive-{Guid.NewGuid():N}";
        await kinesis.CreateStreamAsync(stream, 1);
        var logger = new ListLogger();

        var source = new SqsDeadLetterSource(queue.Sqs, queue.S3, queue.QueueUrl, logger) { LargeRecordBucket = queue.Bucket };
        int count = await DeadLetterRedrive.RedriveAsync(await source.ReceiveAllAsync(), kinesis, stream);
        await source.ReleaseAsync();

        Assert.Equal((5, 1), (count, source.Skipped));
        Assert.Equal((1, 0), await queue.CountAsync());
        Assert.Contains(logger.Entries, e => e.Message.Contains("left in the queue", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_redrive_command_moves_the_queue_onto_the_stream_and_fails_with_1_when_Kinesis_refuses()
    {
        string stream = $"redrive-{Guid.NewGuid():N}";
        using PoisonQueue queue = await PoisonQueue.CreateAsync(moto, stream);
        using KinesisHttpClient kinesis = Kinesis();
        var none = new Dictionary<string, string>();

        // The stream does not exist yet: Kinesis refuses.
        await using (var failing = PumpHostProcess.Start(none, "redrive", "--queue-url", queue.QueueUrl, "--stream", stream, "--bucket", queue.Bucket, "--endpoint", moto.Endpoint))
        {
            Assert.True(await failing.WaitForExitAsync(Patience), failing.Describe());
            Assert.True(failing.ExitCode == 1, failing.Describe());
        }

        Assert.Equal((5, 1), await queue.CountAsync());
        await kinesis.CreateStreamAsync(stream, 1);

        await using (var redrive = PumpHostProcess.Start(none, "redrive", "--queue-url", queue.QueueUrl, "--stream", stream, "--bucket", queue.Bucket, "--endpoint", moto.Endpoint))
        {
            Assert.True(await redrive.WaitForExitAsync(Patience), redrive.Describe());
            Assert.True(redrive.ExitCode == 0, redrive.Describe());
            Assert.Contains(redrive.StandardOutput, l => l.Contains("redriven 5 records", StringComparison.Ordinal));
        }

        Assert.Equal((0, 0), await queue.CountAsync());
        // One shard: the stream holds them in the original (numeric sequence) order.
        Assert.Equal(PoisonQueue.Records.Select(r => r.Data), (await ReadAllAsync(kinesis, stream)).Select(r => r.Data));
    }

    [Fact]
    public async Task The_redrive_command_names_what_is_missing()
    {
        await using var usage = PumpHostProcess.Start(new Dictionary<string, string>(), "redrive", "--stream", "s");

        Assert.True(await usage.WaitForExitAsync(Patience), usage.Describe());
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("--queue-url", usage.Describe(), StringComparison.Ordinal);
    }

    private static async Task<List<(string Key, string Data)>> ReadAllAsync(KinesisHttpClient kinesis, string stream)
    {
        var records = new List<(string, string)>();
        foreach (KinesisShard shard in await kinesis.ListShardsAsync(stream))
        {
            string? iterator = await kinesis.GetShardIteratorAsync(stream, shard.ShardId, ShardIteratorKind.TrimHorizon);
            while (iterator is not null)
            {
                KinesisGetRecordsResult page = await kinesis.GetRecordsAsync(iterator, 100);
                records.AddRange(page.Records.Select(r => (r.PartitionKey, Encoding.UTF8.GetString(r.Data.Span))));
                if (page.Records.Count == 0)
                {
                    break;
                }

                iterator = page.NextShardIterator;
            }
        }

        return records;
    }
}
