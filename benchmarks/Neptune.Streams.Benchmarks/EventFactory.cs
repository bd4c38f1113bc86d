using System.Text;
using System.Text.Json;
using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Benchmarks;

/// <summary>Builds realistic Lambda Kinesis events of PG_JSON records: one Neptune record per Kinesis record.</summary>
public static class EventFactory
{
    /// <summary>Lambda's synchronous invocation payload limit.</summary>
    public const int LambdaPayloadLimit = 6 * 1024 * 1024;

    /// <summary>Lambda's JSON: base64 '+' and '/' are not escaped.</summary>
    private static readonly BenchJsonContext AsLambdaWrites = new(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>The invocation payload Lambda hands the function for <paramref name="kinesisEvent"/>.</summary>
    public static byte[] Payload(KinesisEvent kinesisEvent) => JsonSerializer.SerializeToUtf8Bytes(kinesisEvent, AsLambdaWrites.KinesisEvent);

    /// <summary>The Neptune records of a social graph being written: people, follows, renames, drops.</summary>
    public static IEnumerable<string> PgJsonRecords()
    {
        long commit = 1000;
        long timestamp = 1718010902113;
        for (int i = 0; ; i++)
        {
            string person = $"a8c4a1f2-3b7e-5c1d-9e2f-{i:D12}";
            string other = $"a8c4a1f2-3b7e-5c1d-9e2f-{Math.Max(0, i - 1):D12}";
            commit++;
            yield return Pg(commit, 1, timestamp, person, "vl", "label", "\"person\"", "String", "ADD");
            yield return Pg(commit, 2, timestamp, person, "vp", "name", $"\"Person {i}\"", "String", "ADD");
            yield return Pg(commit, 3, timestamp, person, "vp", "birthDate", "639878400000", "Date", "ADD", last: true);
            commit++;
            string edge = $"3ec4a1fa-5d21-1b9e-77a0-{i:D12}";
            yield return Pg(commit, 1, timestamp, edge, "e", "label", "\"follows\"", "String", "ADD", from: person, to: other);
            yield return Pg(commit, 2, timestamp, edge, "ep", "since", "1441065600000", "Date", "ADD", last: true);
            commit++;
            yield return Pg(commit, 1, timestamp, person, "vp", "name", $"\"Person {i}\"", "String", "REMOVE");
            yield return Pg(commit, 2, timestamp, person, "vp", "name", $"\"Person {i} Smith\"", "String", "ADD", last: true);
            timestamp += 17;
        }
    }

    private static string Pg(long commit, long op, long timestamp, string id, string type, string key, string value, string dataType, string operation, bool last = false, string? from = null, string? to = null)
    {
        string endpoints = from is null ? string.Empty : $",\"from\":\"{from}\",\"to\":\"{to}\"";
        string lastOp = last ? ",\"isLastOp\":true" : string.Empty;
        return $"{{\"commitTimestamp\":{timestamp},\"eventId\":{{\"commitNum\":{commit},\"opNum\":{op}}},\"data\":{{\"id\":\"{id}\",\"type\":\"{type}\",\"key\":\"{key}\",\"value\":{{\"value\":{value},\"dataType\":\"{dataType}\"}}{endpoints}}},\"op\":\"{operation}\"{lastOp}}}";
    }

    /// <summary>An event of <paramref name="count"/> records, or as many as fit the payload limit when null.</summary>
    public static KinesisEvent Create(int? count)
    {
        var kinesisEvent = new KinesisEvent();
        var sequence = System.Numerics.BigInteger.Parse("49656789012345678901234567890123456789012345678901234567", System.Globalization.CultureInfo.InvariantCulture);
        long size = 16;
        foreach (string record in PgJsonRecords())
        {
            if (count is { } n && kinesisEvent.Records.Count == n)
            {
                break;
            }

            var item = new KinesisEventRecord
            {
                EventSource = "aws:kinesis",
                EventVersion = "1.0",
                EventId = $"shardId-000000000000:{sequence}",
                EventName = "aws:kinesis:record",
                InvokeIdentityArn = "arn:aws:iam::123456789012:role/neptune-streams-consumer",
                AwsRegion = "us-east-1",
                EventSourceArn = "arn:aws:kinesis:us-east-1:123456789012:stream/neptune-changes",
                Kinesis = new KinesisStreamRecord
                {
                    KinesisSchemaVersion = "1.0",
                    PartitionKey = record.Substring(record.IndexOf("\"id\":\"", StringComparison.Ordinal) + 6, 36),
                    SequenceNumber = sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Data = Convert.ToBase64String(Encoding.UTF8.GetBytes(record)),
                    ApproximateArrivalTimestamp = 1718012000.123,
                },
            };
            long itemSize = JsonSerializer.SerializeToUtf8Bytes(item, AsLambdaWrites.KinesisEventRecord).Length + 1;
            if (count is null && size + itemSize > LambdaPayloadLimit)
            {
                break;
            }

            size += itemSize;
            kinesisEvent.Records.Add(item);
            sequence += 2_564_634_103_291;
        }

        return kinesisEvent;
    }
}
