using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Neptune.Streams.Hosting.Tests;

/// <summary>Lambda Kinesis events whose records are simplified-form vertex additions; the label steers the test function.</summary>
internal static class KinesisEvents
{
    public const string Shard = "shardId-000000000000";

    public static string SequenceNumber(int n) =>
        "4965678901234567890123456789012345678901234567" + n.ToString("D10", CultureInfo.InvariantCulture);

    /// <summary>One record per label, commit numbers and sequence numbers counting from <paramref name="first"/>.</summary>
    public static string Vertices(int first, params string[] labels)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("Records");
            for (int i = 0; i < labels.Length; i++)
            {
                int n = first + i;
                string data = "{\"eventId\":{\"commitNum\":" + n.ToString(CultureInfo.InvariantCulture)
                    + ",\"opNum\":1},\"data\":{\"type\":\"ADD_VERTEX\",\"id\":\"v-" + n.ToString(CultureInfo.InvariantCulture)
                    + "\",\"label\":\"" + labels[i] + "\",\"properties\":{}}}";
                json.WriteStartObject();
                json.WriteStartObject("kinesis");
                json.WriteString("kinesisSchemaVersion", "1.0");
                json.WriteString("partitionKey", $"v-{n}");
                json.WriteString("sequenceNumber", SequenceNumber(n));
                json.WriteString("data", Convert.ToBase64String(Encoding.UTF8.GetBytes(data)));
                json.WriteNumber("approximateArrivalTimestamp", 1718012000.123);
                json.WriteEndObject();
                json.WriteString("eventSource", "aws:kinesis");
                json.WriteString("eventVersion", "1.0");
                json.WriteString("eventID", $"{Shard}:{SequenceNumber(n)}");
                json.WriteString("eventName", "aws:kinesis:record");
                json.WriteString("awsRegion", "us-east-1");
                json.WriteString("eventSourceARN", "arn:aws:kinesis:us-east-1:123456789012:stream/neptune-changes");
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The sequence numbers a response lists in <c>batchItemFailures</c>.</summary>
    public static string[] Failures(string response)
    {
        using var document = JsonDocument.Parse(response);
        return [.. document.RootElement.GetProperty("batchItemFailures").EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString()!)];
    }
}
