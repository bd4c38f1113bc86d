using System.Text;
using System.Text.Json;
using Neptune.Streams.Lambda.Metrics;
using Xunit;

namespace Neptune.Streams.Hosting.Tests.Metrics;

public sealed class EmfDocumentWriterTests
{
    private static readonly KeyValuePair<string, string>[] FunctionDimension = [new("FunctionName", "consumer")];

    [Fact]
    public void A_document_declares_its_metrics_under_aws_CloudWatchMetrics_and_carries_their_values_at_the_root()
    {
        Metric[] metrics = [new("RecordsProcessed", "Count", 12), new("Latency", "Milliseconds", 3.5)];

        string line = Assert.Single(EmfDocumentWriter.Write("NeptuneStreams", FunctionDimension, metrics, 1_700_000_000_123));

        using var document = JsonDocument.Parse(line);
        JsonElement root = document.RootElement;
        JsonElement aws = root.GetProperty("_aws");
        Assert.Equal(1_700_000_000_123, aws.GetProperty("Timestamp").GetInt64());
        JsonElement directive = Assert.Single(aws.GetProperty("CloudWatchMetrics").EnumerateArray());
        Assert.Equal("NeptuneStreams", directive.GetProperty("Namespace").GetString());
        Assert.Equal(["FunctionName"], Assert.Single(directive.GetProperty("Dimensions").EnumerateArray()).EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(
            [("RecordsProcessed", "Count"), ("Latency", "Milliseconds")],
            directive.GetProperty("Metrics").EnumerateArray().Select(m => (m.GetProperty("Name").GetString(), m.GetProperty("Unit").GetString())));
        Assert.Equal("consumer", root.GetProperty("FunctionName").GetString());
        Assert.Equal(12, root.GetProperty("RecordsProcessed").GetDouble());
        Assert.Equal(3.5, root.GetProperty("Latency").GetDouble());
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public void More_than_100_metrics_are_split_into_documents_of_at_most_100_that_together_hold_each_once()
    {
        Metric[] metrics = [.. Enumerable.Range(0, 250).Select(i => new Metric($"M{i}", "Count", i))];

        List<string> lines = EmfDocumentWriter.Write("NeptuneStreams", FunctionDimension, metrics, 0);

        Assert.Equal(3, lines.Count);
        var seen = new List<string>();
        foreach (string line in lines)
        {
            using var document = JsonDocument.Parse(line);
            var declared = Declared(document.RootElement);
            Assert.InRange(declared.Count, 1, 100);
            foreach (string name in declared)
            {
                Assert.True(document.RootElement.TryGetProperty(name, out _), $"{name} is declared but has no value");
            }

            seen.AddRange(declared);
        }

        Assert.Equal(metrics.Select(m => m.Name).Order(), seen.Order());
    }

    [Fact]
    public void A_metric_with_more_than_100_values_spans_documents_of_at_most_100_values()
    {
        Metric[] metrics = [new("Latency", "Milliseconds", [.. Enumerable.Range(0, 250).Select(i => (double)i)])];

        List<string> lines = EmfDocumentWriter.Write("NeptuneStreams", FunctionDimension, metrics, 0);

        var counts = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("Latency").GetArrayLength()).ToList();
        Assert.Equal([100, 100, 50], counts);
    }

    [Fact]
    public void Documents_stay_within_the_log_event_size_limit_even_with_100_metrics_of_100_long_values()
    {
        // 100 x 100 values of ~23 characters each, plus 255-character names: more than one log event can hold.
        Metric[] metrics = [.. Enumerable.Range(0, 100).Select(i => new Metric(
            $"AQuiteLongMetricNameNumber{i:D3}".PadRight(255, 'x'), "Milliseconds", [.. Enumerable.Range(0, 100).Select(v => -1.2345678901234567E+300 * (v + 1))]))];

        List<string> lines = EmfDocumentWriter.Write("NeptuneStreams", FunctionDimension, metrics, 0);

        Assert.True(lines.Count > 1);
        Assert.All(lines, l => Assert.InRange(Encoding.UTF8.GetByteCount(l), 1, EmfDocumentWriter.MaxDocumentBytes));
        Assert.Equal(100, lines.Sum(l => Declared(JsonDocument.Parse(l).RootElement).Count));
    }

    [Theory]
    [InlineData("fünction\tname", "f_nction_name")]
    [InlineData("", "unknown")]
    [InlineData("   ", "unknown")]
    public void Dimension_values_are_made_printable_ASCII(string value, string expected)
    {
        Assert.Equal(expected, EmfDocumentWriter.SanitizeDimensionValue(value));
    }

    [Fact]
    public void Dimension_values_are_cut_at_1024_characters()
    {
        Assert.Equal(1024, EmfDocumentWriter.SanitizeDimensionValue(new string('a', 5000)).Length);
    }

    private static List<string> Declared(JsonElement root) =>
        [.. root.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").EnumerateArray().Select(m => m.GetProperty("Name").GetString()!)];
}
