using System.Text.Json;

namespace Neptune.Streams.Pump.Pumping;

/// <summary>
/// Writes the pump's metrics as CloudWatch Embedded Metric Format lines (namespace
/// <see cref="PumpOptions.MetricsNamespace"/>; dimension <c>FunctionName</c> when
/// <see cref="PumpOptions.MetricsFunctionName"/> is set, as the template's alarms expect, else <c>PumpId</c>):
/// <c>RecordsForwarded</c>, <c>KinesisRecordsWritten</c>, <c>PumpLag</c> (ms from the last forwarded commit to now),
/// <c>StreamExpired</c>, <c>ThrottledReads</c>, <c>OversizedChanges</c> (changes sent to the pump's dead-letter queue).
/// </summary>
internal sealed class PumpMetrics(TextWriter? output, string metricsNamespace, string pumpId, string? functionName, TimeProvider timeProvider)
{
    public const string FunctionNameDimension = "FunctionName";
    public const string PumpIdDimension = "PumpId";

    public void Forwarded(long records, long kinesisRecords, long lastCommitTimestamp)
    {
        long lag = lastCommitTimestamp > 0 ? Math.Max(0, timeProvider.GetUtcNow().ToUnixTimeMilliseconds() - lastCommitTimestamp) : 0;
        Write(("RecordsForwarded", "Count", records), ("KinesisRecordsWritten", "Count", kinesisRecords), ("PumpLag", "Milliseconds", lag));
    }

    public void Expired() => Write(("StreamExpired", "Count", 1));

    public void Throttled() => Write(("ThrottledReads", "Count", 1));

    public void DeadLettered() => Write(("OversizedChanges", "Count", 1));

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
            w.WriteString("Namespace", metricsNamespace);
            w.WriteStartArray("Dimensions");
            w.WriteStartArray();
            w.WriteStringValue(functionName is null ? PumpIdDimension : FunctionNameDimension);
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
            w.WriteString(PumpIdDimension, pumpId);
            if (functionName is not null)
            {
                w.WriteString(FunctionNameDimension, functionName);
            }

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
