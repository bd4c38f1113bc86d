using System.Globalization;
using Neptune.Streams.Lambda.Kinesis;
using Neptune.Streams.Pump.Kinesis;

namespace Neptune.Streams.Local.EventSourceMapping;

/// <summary>Builds the <see cref="KinesisEvent"/> Lambda would send for a batch of one shard.</summary>
internal static class KinesisEventFactory
{
    public static KinesisEvent Create(IReadOnlyList<KinesisRecord> batch, string shardId, string streamArn, EventSourceMappingOptions options)
    {
        string role = string.Create(CultureInfo.InvariantCulture, $"arn:aws:iam::000000000000:role/local-event-source-mapping");
        var records = new List<KinesisEventRecord>(batch.Count);
        foreach (KinesisRecord record in batch)
        {
            records.Add(new KinesisEventRecord
            {
                Kinesis = new KinesisStreamRecord
                {
                    KinesisSchemaVersion = "1.0",
                    PartitionKey = record.PartitionKey,
                    SequenceNumber = record.SequenceNumber,
                    Data = Convert.ToBase64String(record.Data.Span),
                    ApproximateArrivalTimestamp = record.ApproximateArrivalTimestamp.ToUnixTimeMilliseconds() / 1000.0,
                    EncryptionType = record.EncryptionType,
                },
                EventSource = "aws:kinesis",
                EventVersion = "1.0",
                EventId = $"{shardId}:{record.SequenceNumber}",
                EventName = "aws:kinesis:record",
                InvokeIdentityArn = role,
                AwsRegion = options.Region,
                EventSourceArn = streamArn,
            });
        }

        return new KinesisEvent { Records = records };
    }
}
