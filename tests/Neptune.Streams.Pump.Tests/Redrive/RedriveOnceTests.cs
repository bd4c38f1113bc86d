using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.Redrive;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Pump.Tests.Redrive;

/// <summary>Issue 11 item 8: each dead-lettered record (shard, sequence number, sub-sequence) goes back once, on moto.</summary>
public sealed class RedriveOnceTests(MotoServer moto) : IClassFixture<MotoServer>, IDisposable
{
    private readonly AmazonDynamoDBClient _dynamo = new(MotoServer.Credentials, new AmazonDynamoDBConfig { ServiceURL = moto.Endpoint, AuthenticationRegion = MotoServer.Region });

    private KinesisHttpClient Kinesis() => KinesisHttpClient.Create(new Uri(moto.Endpoint), MotoServer.Credentials, MotoServer.Region);

    private static async Task<string> CreateStreamAsync(KinesisHttpClient kinesis)
    {
        string stream = $"redrive-{Guid.NewGuid():N}";
        await kinesis.CreateStreamAsync(stream, 1);
        return stream;
    }

    private static async Task<List<string>> ReadAllAsync(KinesisHttpClient kinesis, string stream)
    {
        var data = new List<string>();
        string? iterator = await kinesis.GetShardIteratorAsync(stream, "shardId-000000000000", ShardIteratorKind.TrimHorizon);
        while (iterator is not null)
        {
            KinesisGetRecordsResult page = await kinesis.GetRecordsAsync(iterator, 100);
            data.AddRange(page.Records.Select(r => System.Text.Encoding.UTF8.GetString(r.Data.Span)));
            iterator = page.Records.Count == 0 ? null : page.NextShardIterator;
        }

        return data;
    }

    [Fact]
    public async Task Duplicated_dead_letters_go_back_once_and_every_copy_is_deleted()
    {
        using KinesisHttpClient kinesis = Kinesis();
        string stream = await CreateStreamAsync(kinesis);
        using PoisonQueue queue = await PoisonQueue.CreateAsync(moto, stream);
        await queue.DuplicateAllAsync();
        Assert.Equal((10, 1), await queue.CountAsync());

        var source = new SqsDeadLetterSource(queue.Sqs, queue.S3, queue.QueueUrl) { LargeRecordBucket = queue.Bucket, StreamName = stream };
        int count = await DeadLetterRedrive.RedriveAsync(await source.ReceiveAllAsync(), kinesis, stream);

        Assert.Equal(5, count);
        Assert.Equal(PoisonQueue.Records.Select(r => r.Data), await ReadAllAsync(kinesis, stream));
        Assert.Equal((0, 0), await queue.CountAsync());
    }

    [Fact]
    public async Task A_duplicate_that_arrives_after_its_record_was_redriven_is_deleted_not_put_back_again()
    {
        using KinesisHttpClient kinesis = Kinesis();
        string stream = await CreateStreamAsync(kinesis);
        string table = await CreateTableAsync();
        var ledger = new DynamoDbRedriveLedger(_dynamo, table);
        using PoisonQueue queue = await PoisonQueue.CreateAsync(moto, stream);
        var source = new SqsDeadLetterSource(queue.Sqs, queue.S3, queue.QueueUrl) { LargeRecordBucket = queue.Bucket, StreamName = stream };
        List<string> bodies = await queue.DuplicateAllAsync();
        Assert.Equal(5, await DeadLetterRedrive.RedriveAsync(await source.ReceiveAllAsync(), kinesis, stream, ledger: ledger));
        Assert.Equal((0, 0), await queue.CountAsync());

        // Late copies (a message SQS delivered twice, a record dead-lettered again on redelivery): same identities.
        foreach (string body in bodies.Where(b => !b.Contains("\"dataS3Key\":\"", StringComparison.Ordinal)).Take(3))
        {
            await queue.Sqs.SendMessageAsync(queue.QueueUrl, body);
        }

        int second = await DeadLetterRedrive.RedriveAsync(await source.ReceiveAllAsync(), kinesis, stream, ledger: ledger);

        Assert.Equal(0, second);
        Assert.Equal(PoisonQueue.Records.Select(r => r.Data), await ReadAllAsync(kinesis, stream));
        Assert.Equal((0, 0), await queue.CountAsync());
    }

    private async Task<string> CreateTableAsync()
    {
        string table = "redrive-" + Guid.NewGuid().ToString("N")[..8];
        await _dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = table,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)],
        });
        return table;
    }

    public void Dispose() => _dynamo.Dispose();
}
