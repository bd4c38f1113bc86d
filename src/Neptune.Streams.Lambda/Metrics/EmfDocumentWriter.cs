using System.Text;
using System.Text.Json;

namespace Neptune.Streams.Lambda.Metrics;

/// <summary>
/// Writes CloudWatch Embedded Metric Format documents, one JSON line each, within the format's limits: at most 100
/// metrics per document, at most 100 values per metric, and a document small enough for one log event.
/// </summary>
internal static class EmfDocumentWriter
{
    public const int MaxMetricsPerDocument = 100;
    public const int MaxValuesPerMetric = 100;

    /// <summary>CloudWatch Logs' classic event limit (256 KiB) less its 26-byte per-event overhead.</summary>
    public const int MaxDocumentBytes = (256 * 1024) - 26;

    public const int MaxDimensionValueLength = 1024;

    /// <summary>The documents for one set of dimension values; a metric with more than 100 values spans documents.</summary>
    public static List<string> Write(
        string metricNamespace, IReadOnlyList<KeyValuePair<string, string>> dimensions, IReadOnlyList<Metric> metrics, long timestampMs)
    {
        var lines = new List<string>();

        // A metric's values are one member of the document, so its 101st value starts a second round of documents.
        int rounds = 0;
        foreach (Metric metric in metrics)
        {
            rounds = Math.Max(rounds, (metric.Values.Count + MaxValuesPerMetric - 1) / MaxValuesPerMetric);
        }

        for (int round = 0; round < rounds; round++)
        {
            var slice = new List<Metric>();
            foreach (Metric metric in metrics)
            {
                int from = round * MaxValuesPerMetric;
                if (from < metric.Values.Count)
                {
                    int count = Math.Min(MaxValuesPerMetric, metric.Values.Count - from);
                    slice.Add(metric with { Values = metric.Values.Skip(from).Take(count).ToArray() });
                }
            }

            for (int start = 0; start < slice.Count; start += MaxMetricsPerDocument)
            {
                AddDocuments(lines, metricNamespace, dimensions, slice.GetRange(start, Math.Min(MaxMetricsPerDocument, slice.Count - start)), timestampMs);
            }
        }

        return lines;
    }

    /// <summary>A dimension value CloudWatch accepts: printable ASCII, 1 to 1024 characters.</summary>
    public static string SanitizeDimensionValue(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "unknown";
        }

        var text = new StringBuilder(Math.Min(value.Length, MaxDimensionValueLength));
        foreach (char c in value)
        {
            if (text.Length == MaxDimensionValueLength)
            {
                break;
            }

            text.Append(c is < ' ' or > '~' ? '_' : c);
        }

        return text.ToString();
    }

    private static void AddDocuments(
        List<string> lines, string metricNamespace, IReadOnlyList<KeyValuePair<string, string>> dimensions, List<Metric> metrics, long timestampMs)
    {
        string document = Serialize(metricNamespace, dimensions, metrics, timestampMs);
        if (Encoding.UTF8.GetByteCount(document) <= MaxDocumentBytes || metrics.Count == 1)
        {
            lines.Add(document);
            return;
        }

        int half = metrics.Count / 2;
        AddDocuments(lines, metricNamespace, dimensions, metrics.GetRange(0, half), timestampMs);
        AddDocuments(lines, metricNamespace, dimensions, metrics.GetRange(half, metrics.Count - half), timestampMs);
    }

    private static string Serialize(
        string metricNamespace, IReadOnlyList<KeyValuePair<string, string>> dimensions, List<Metric> metrics, long timestampMs)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("_aws");
            json.WriteNumber("Timestamp", timestampMs);
            json.WriteStartArray("CloudWatchMetrics");
            json.WriteStartObject();
            json.WriteString("Namespace", metricNamespace);
            json.WriteStartArray("Dimensions");
            json.WriteStartArray();
            foreach (var dimension in dimensions)
            {
                json.WriteStringValue(dimension.Key);
            }

            json.WriteEndArray();
            json.WriteEndArray();
            json.WriteStartArray("Metrics");
            foreach (Metric metric in metrics)
            {
                json.WriteStartObject();
                json.WriteString("Name", metric.Name);
                json.WriteString("Unit", metric.Unit);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();

            foreach (var dimension in dimensions)
            {
                json.WriteString(dimension.Key, SanitizeDimensionValue(dimension.Value));
            }

            foreach (Metric metric in metrics)
            {
                if (metric.Values.Count == 1)
                {
                    json.WriteNumber(metric.Name, metric.Values[0]);
                    continue;
                }

                json.WriteStartArray(metric.Name);
                foreach (double value in metric.Values)
                {
                    json.WriteNumberValue(value);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
