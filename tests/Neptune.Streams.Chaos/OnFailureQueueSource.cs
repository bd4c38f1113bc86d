using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.Redrive;

namespace Neptune.Streams.Chaos;

/// <summary>
/// Reads the event source mapping's on-failure queue — Lambda's messages hold only where the given-up records are
/// (<c>KinesisBatchInfo</c>: shard, first and last sequence number), not the records — and fetches those records from
/// Kinesis (they are still within retention) as <see cref="DeadLetter"/>s for <see cref="DeadLetterRedrive"/>.
/// A message is deleted once every record it names was put back.
/// </summary>
internal sealed class OnFailureQueueSource(IAmazonSQS sqs, string queueUrl, IKinesisClient kinesis, string streamName)
{
    /// <summary>On-failure messages read.</summary>
    public int Messages { get; private set; }

    public async Task<List<DeadLetter>> ReceiveAllAsync(CancellationToken cancellationToken)
    {
        var deadLetters = new List<DeadLetter>();
        while (true)
        {
            ReceiveMessageResponse received = await sqs.ReceiveMessageAsync(
                new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 1, VisibilityTimeout = 900 },
                cancellationToken).ConfigureAwait(false);
            if (received.Messages is not { Count: > 0 } messages)
            {
                return deadLetters;
            }

            foreach (Message message in messages)
            {
                Messages++;
                using JsonDocument json = JsonDocument.Parse(message.Body);
                JsonElement info = json.RootElement.GetProperty("KinesisBatchInfo");
                string shardId = info.GetProperty("shardId").GetString()!;
                string start = info.GetProperty("startSequenceNumber").GetString()!;
                BigInteger end = BigInteger.Parse(info.GetProperty("endSequenceNumber").GetString()!, CultureInfo.InvariantCulture);
                List<KinesisRecord> records = await ReadAsync(shardId, start, end, cancellationToken).ConfigureAwait(false);
                int remaining = records.Count;
                string receiptHandle = message.ReceiptHandle;
                foreach (KinesisRecord record in records)
                {
                    deadLetters.Add(new DeadLetter(record.PartitionKey, record.Data, shardId, record.SequenceNumber, -1, async ct =>
                    {
                        if (Interlocked.Decrement(ref remaining) == 0)
                        {
                            await sqs.DeleteMessageAsync(queueUrl, receiptHandle, ct).ConfigureAwait(false);
                        }
                    }));
                }
            }
        }
    }

    private async Task<List<KinesisRecord>> ReadAsync(string shardId, string start, BigInteger end, CancellationToken cancellationToken)
    {
        var records = new List<KinesisRecord>();
        string? iterator = await kinesis.GetShardIteratorAsync(streamName, shardId, ShardIteratorKind.AtSequenceNumber, start, cancellationToken).ConfigureAwait(false);
        while (iterator is not null)
        {
            KinesisGetRecordsResult result = await kinesis.GetRecordsAsync(iterator, 1000, cancellationToken).ConfigureAwait(false);
            foreach (KinesisRecord record in result.Records)
            {
                if (BigInteger.Parse(record.SequenceNumber, CultureInfo.InvariantCulture) > end)
                {
                    return records;
                }

                records.Add(record);
            }

            if (result.Records.Count == 0)
            {
                return records;
            }

            iterator = result.NextShardIterator;
        }

        return records;
    }
}
