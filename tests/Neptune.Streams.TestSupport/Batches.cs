using System.Numerics;
using System.Text;
using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.TestSupport;

/// <summary>Builds Lambda Kinesis events from payloads, with realistic increasing sequence numbers.</summary>
public static class Batches
{
    private static readonly BigInteger SequenceBase = BigInteger.Parse("49656789012345678901234567890123456789012345678901234567", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The sequence number of the record at <paramref name="index"/>.</summary>
    public static string Sequence(int index) => (SequenceBase + (index * new BigInteger(2_564_634_103_291))).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An event of one Kinesis record per JSON payload.</summary>
    public static KinesisEvent Of(params string[] jsonPayloads) => OfBytes(jsonPayloads.Select(Encoding.UTF8.GetBytes).ToArray());

    /// <summary>An event of one Kinesis record per payload.</summary>
    public static KinesisEvent OfBytes(params byte[][] payloads)
    {
        var kinesisEvent = new KinesisEvent();
        for (int i = 0; i < payloads.Length; i++)
        {
            string sequence = Sequence(i);
            kinesisEvent.Records.Add(new KinesisEventRecord
            {
                EventId = $"shardId-000000000000:{sequence}",
                EventSourceArn = "arn:aws:kinesis:us-east-1:123456789012:stream/neptune-changes",
                EventSource = "aws:kinesis",
                Kinesis = new KinesisStreamRecord
                {
                    PartitionKey = "pk",
                    SequenceNumber = sequence,
                    Data = Convert.ToBase64String(payloads[i]),
                    ApproximateArrivalTimestamp = 1718012000.123 + i,
                },
            });
        }

        return kinesisEvent;
    }

    /// <summary>A PG_JSON record as Neptune writes it.</summary>
    public static string Pg(long commit, long op, string id, string type, string key, string value, string op2 = "ADD", bool last = false, string? from = null, string? to = null, string dataType = "String")
    {
        string endpoints = from is null ? string.Empty : $",\"from\":\"{from}\",\"to\":\"{to}\"";
        string lastOp = last ? ",\"isLastOp\":true" : string.Empty;
        return $"{{\"commitTimestamp\":1718010902113,\"eventId\":{{\"commitNum\":{commit},\"opNum\":{op}}},\"data\":{{\"id\":\"{id}\",\"type\":\"{type}\",\"key\":\"{key}\",\"value\":{{\"value\":\"{value}\",\"dataType\":\"{dataType}\"}}{endpoints}}},\"op\":\"{op2}\"{lastOp}}}";
    }
}
