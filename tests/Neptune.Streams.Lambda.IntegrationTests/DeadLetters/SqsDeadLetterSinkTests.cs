using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda.Checkpoints;
using Neptune.Streams.Lambda.DeadLetters;
using Neptune.Streams.Lambda.IntegrationTests.Processing;
using Neptune.Streams.Lambda.IntegrationTests.Support;
using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Lambda.IntegrationTests.DeadLetters;

/// <summary>Poison records reach SQS (and S3 when large) on moto_server with everything needed to replay them.</summary>
[Collection(MotoCollection.Name)]
public sealed class SqsDeadLetterSinkTests(AwsFixture aws)
{
    private async Task<(IAmazonSQS Sqs, string QueueUrl)> CreateQueueAsync()
    {
        IAmazonSQS sqs = aws.Sqs();
        var created = await sqs.CreateQueueAsync(aws.UniqueName("poison"));
        return (sqs, created.QueueUrl);
    }

    private static TestFunction Function(
        IAmazonSQS sqs, string queueUrl, IAmazonS3? s3 = null, string? bucket = null, Action<NeptuneStreamBuilder>? more = null) => new(builder =>
    {
        more?.Invoke(builder);
        builder.Services.AddSingleton(new HandlerLog());
        builder.Services.AddSingleton(sqs);
        if (s3 is not null)
        {
            builder.Services.AddSingleton(s3);
        }

        builder.UseSqsDeadLetters(queueUrl, o => o.LargeRecordBucket = bucket);
        builder.OnAny<RecordingHandler>();
    });

    private static async Task<List<DeadLetterMessage>> ReceiveAsync(IAmazonSQS sqs, string queueUrl, int expected)
    {
        var messages = new List<DeadLetterMessage>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        // At least one poll, so "nothing arrived" is checked too.
        do
        {
            var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 });
            messages.AddRange((received.Messages ?? []).Select(m => DeadLetterMessage.Parse(m.Body)));
        }
        while (messages.Count < expected && DateTime.UtcNow < deadline);

        return messages;
    }

    [Fact]
    public async Task PoisonRecords_ReachTheQueueWithEverythingNeededToReplayThem()
    {
        var batch = Fixture.Event("not-neptune-event.json");
        var (sqs, queueUrl) = await CreateQueueAsync();
        await using var function = Function(sqs, queueUrl);

        var result = await CheckpointedFunction.RunAsync(function, batch);
        var messages = await ReceiveAsync(sqs, queueUrl, batch.Records.Count);

        Assert.Empty(result.Response.BatchItemFailures);
        Assert.Equal(batch.Records.Count, result.Summary.PoisonRecords);
        Assert.Equal(batch.Records.Count, messages.Count);
        foreach (KinesisEventRecord record in batch.Records)
        {
            DeadLetterMessage message = Assert.Single(messages, m => m.SequenceNumber == record.Kinesis.SequenceNumber);
            Assert.Equal(record.Kinesis.Data, message.Data);
            Assert.Equal(record.ShardId, message.ShardId);
            Assert.Equal(record.EventSourceArn, message.StreamArn);
            Assert.Equal(record.Kinesis.PartitionKey, message.PartitionKey);
            Assert.Equal(record.Kinesis.ApproximateArrivalTimestamp, message.ApproximateArrivalTimestamp);
            Assert.Equal(CheckpointedFunction.FunctionName, message.FunctionName);
            Assert.Equal(-1, message.SubSequenceNumber);
            Assert.False(string.IsNullOrWhiteSpace(message.Reason));
            Assert.Null(message.DataS3Key);
        }
    }

    [Fact]
    public async Task APoisonRecordCoveredByTheCheckpoint_IsNotDeadLetteredAgainOnRedelivery()
    {
        var batch = Fixture.Event("not-neptune-event.json");
        var (sqs, queueUrl) = await CreateQueueAsync();
        string table = await aws.CreateTableAsync();
        await using var function = Function(sqs, queueUrl, more: builder =>
        {
            builder.Services.AddSingleton(aws.DynamoDb());
            builder.UseDynamoDbCheckpoints(table);
        });

        await CheckpointedFunction.RunAsync(function, batch);
        var again = await CheckpointedFunction.RunAsync(function, batch);

        Assert.Equal(batch.Records.Count, again.Summary.DuplicatesSkipped);
        Assert.Equal(0, again.Summary.PoisonRecords);
        Assert.Equal(batch.Records.Count, (await ReceiveAsync(sqs, queueUrl, batch.Records.Count)).Count);
        Assert.Empty(await ReceiveAsync(sqs, queueUrl, 0));
    }

    [Fact]
    public async Task APoisonRecordTooLargeForOneMessage_GoesToS3WithAPointerMessage()
    {
        var batch = LargePoisonBatch(out string data);
        var (sqs, queueUrl) = await CreateQueueAsync();
        using IAmazonS3 s3 = aws.S3();
        string bucket = aws.UniqueName("dead-letters");
        await s3.PutBucketAsync(bucket);
        await using var function = Function(sqs, queueUrl, s3, bucket);

        var result = await CheckpointedFunction.RunAsync(function, batch);
        DeadLetterMessage message = Assert.Single(await ReceiveAsync(sqs, queueUrl, 1));

        Assert.Empty(result.Response.BatchItemFailures);
        Assert.Null(message.Data);
        Assert.Equal(bucket, message.DataS3Bucket);
        Assert.Equal(data.Length, message.DataLength);
        using GetObjectResponse stored = await s3.GetObjectAsync(bucket, message.DataS3Key);
        using var reader = new StreamReader(stored.ResponseStream, Encoding.UTF8);
        Assert.Equal(data, await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task APoisonRecordTooLargeWithoutABucket_IsReportedNotDropped()
    {
        var batch = LargePoisonBatch(out _);
        var (sqs, queueUrl) = await CreateQueueAsync();
        await using var function = Function(sqs, queueUrl);

        var result = await CheckpointedFunction.RunAsync(function, batch);

        Assert.Equal(batch.Records[0].Kinesis.SequenceNumber, Assert.Single(result.Response.BatchItemFailures).ItemIdentifier);
        Assert.Empty(await ReceiveAsync(sqs, queueUrl, 0));
    }

    [Fact]
    public async Task AMissingQueue_MakesThePoisonRecordTheBatchFailure()
    {
        var batch = Fixture.Event("not-neptune-event.json");
        IAmazonSQS sqs = aws.Sqs();
        await using var function = Function(sqs, $"{aws.Moto.Endpoint}/123456789012/no-such-queue");

        var result = await CheckpointedFunction.RunAsync(function, batch);

        Assert.Equal(batch.Records[0].Kinesis.SequenceNumber, Assert.Single(result.Response.BatchItemFailures).ItemIdentifier);
        Assert.Equal(1, result.Summary.Errors);
    }

    /// <summary>One record of ~300 KiB of text that is not a Neptune record: poison, and too large for one SQS message.</summary>
    private static KinesisEvent LargePoisonBatch(out string data)
    {
        KinesisEvent batch = Fixture.Event("not-neptune-event.json");
        data = Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("not a neptune record; ", 14_000))));
        batch.Records[0].Kinesis.Data = data;
        batch.Records = [batch.Records[0]];
        return batch;
    }
}
