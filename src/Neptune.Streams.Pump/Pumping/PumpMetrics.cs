using System.Text.Json;

namespace Neptune.Streams.Pump.Pumping;

/// <summary>
/// Writes the pump's metrics as CloudWatch Embedded Metric Format lines (namespace <c>Neptune.Streams.Pump</c>,
/// dimension <c>PumpId</c>): <c>RecordsForwarded</c>, <c>KinesisRecordsWritten</c>, <c>PumpLag</c> (ms from the last
/// forwarded commit to now), <c>StreamExpired</c>, <c>ThrottledReads</c>.
/// </summary>
internal sealed class PumpMetrics(TextWriter? output, string pumpId, TimeProvider timeProvider)
{
    public const string Namespace = "Neptune.Streams.Pump";

    public void Forwarded(long records, long kinesisRecords, long lastCommitTimestamp)
    {
        long lag = lastCommitTimestamp > 0 ? Math.Max(0, timeProvider.GetUtcNow().ToUnixTimeMilliseconds() - lastCommitTimestamp) : 0;
        Write(("RecordsForwarded", "Count", records), ("KinesisRecordsWritten", "Count", kinesisRecords), ("PumpLag", "Milliseconds", lag));
    }

    public void Expired() => Write(("StreamExpired", "Count", 1));

    public void Throttled() => Write(("ThrottledReads", "Count", 1));

    private void Write(params (string Name, string Unit, long Value)[] metrics)
    {
        if (output is null)
        {
            return;
        }

        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("_aws");
            w.WriteNumber("Timestamp", timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
            w.WriteStartArray("CloudWatchMetrics");
            w.WriteStartObject();
            w.WriteString("Namespace", Namespace);
            w.WriteStartArray("Dimensions");
            w.WriteStartArray();
            w.WriteStringValue("PumpId");
            w.WriteEndArray();
            w.WriteEndArray();
            w.WriteStartArray("Metrics");
            foreach (var (name, unit, _) in metrics)
            {
                w.WriteStartObject();
                w.WriteString("Name", name);
                w.WriteString("Unit", unit);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteString("PumpId", pumpId);
            foreach (var (name, _, value) in metrics)
            {
                w.WriteNumber(name, value);
            }

            w.WriteEndObject();
        }

        lock (output)
        {
            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            output.Flush();
        }
    }
}
