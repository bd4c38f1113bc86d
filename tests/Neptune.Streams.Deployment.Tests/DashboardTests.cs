using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Neptune.Streams.Deployment.Tests.Support;

namespace Neptune.Streams.Deployment.Tests;

/// <summary>
/// The CloudWatch dashboard shows what operators need, and every custom metric it charts is one the code writes, with
/// the dimensions the code writes it with (a renamed metric would leave an empty graph, silently).
/// </summary>
public sealed partial class DashboardTests
{
    private const string Consumer = "<ConsumerFunction>";
    private const string Pump = "<NeptunePumpFunction>";
    private const string Namespace = "<MetricsNamespace>";

    private readonly SamTemplate _template = SamTemplate.Load();

    [Fact]
    public void Every_custom_metric_on_the_dashboard_is_one_the_code_emits_with_the_dimensions_it_emits()
    {
        var consumerMetrics = ConsumerMetricNames();
        var pumpMetrics = PumpMetricNames();
        foreach (var metric in DashboardMetrics().Where(m => m.Namespace == Namespace))
        {
            if (metric.Dimensions.TryGetValue("FunctionName", out string? function) && function == Pump)
            {
                Assert.Contains(metric.Name, pumpMetrics);
                Assert.Equal(["FunctionName"], metric.Dimensions.Keys);
                continue;
            }

            Assert.Equal(Consumer, function);
            Assert.Contains(metric.Name, consumerMetrics);
            // The consumer writes each metric with [FunctionName]; Latency also per handler with [FunctionName, Handler].
            var expected = metric.Dimensions.ContainsKey("Handler") ? new[] { "FunctionName", "Handler" } : ["FunctionName"];
            Assert.Equal(expected, metric.Dimensions.Keys.Order(StringComparer.Ordinal));
            if (metric.Dimensions.ContainsKey("Handler"))
            {
                Assert.Equal("Latency", metric.Name);
            }
        }
    }

    [Theory]
    [InlineData(Namespace, "StreamLag", Consumer)]
    [InlineData(Namespace, "RecordsProcessed", Consumer)]
    [InlineData(Namespace, "EventsDispatched", Consumer)]
    [InlineData(Namespace, "Errors", Consumer)]
    [InlineData(Namespace, "PoisonRecords", Consumer)]
    [InlineData(Namespace, "DuplicatesSkipped", Consumer)]
    [InlineData(Namespace, "PumpLag", Pump)]
    [InlineData(Namespace, "StreamExpired", Pump)]
    [InlineData(Namespace, "OversizedChanges", Pump)]
    [InlineData("AWS/Lambda", "IteratorAge", Consumer)]
    [InlineData("AWS/Lambda", "Errors", Consumer)]
    [InlineData("AWS/Lambda", "Errors", Pump)]
    public void The_dashboard_charts(string metricNamespace, string name, string function)
    {
        Assert.Contains(DashboardMetrics(), m => m.Namespace == metricNamespace && m.Name == name && m.Dimensions.GetValueOrDefault("FunctionName") == function);
    }

    [Fact]
    public void The_dashboard_charts_stream_iterator_age_and_the_depth_of_every_queue()
    {
        var metrics = DashboardMetrics();
        Assert.Contains(metrics, m => m.Namespace == "AWS/Kinesis" && m.Name == "GetRecords.IteratorAgeMilliseconds" && m.Dimensions["StreamName"] == "<ChangeStream>");
        foreach (string queue in _template.ResourcesOfType("AWS::SQS::Queue"))
        {
            Assert.Contains(metrics, m => m.Namespace == "AWS/SQS" && m.Name == "ApproximateNumberOfMessagesVisible" && m.Dimensions["QueueName"] == $"<{queue}.QueueName>");
        }
    }

    [Fact]
    public void Handler_latency_is_shown_at_p50_and_p99_for_every_handler_and_for_the_batch()
    {
        var latency = DashboardMetrics().Where(m => m.Name == "Latency").ToList();
        foreach (string statistic in new[] { "p50", "p99" })
        {
            Assert.Contains(latency, m => m.Statistic == statistic && m.Dimensions.ContainsKey("Handler") && m.IsSearch);
            Assert.Contains(latency, m => m.Statistic == statistic && !m.Dimensions.ContainsKey("Handler"));
        }
    }

    private List<DashboardMetric> DashboardMetrics()
    {
        var body = Assert.IsType<JsonObject>(_template.Properties("PipelineDashboard")["DashboardBody"])["Fn::Sub"];
        string json = Placeholder().Replace(SamTemplate.Text(body), match => match.Groups[1].Value switch
        {
            "IteratorAgeAlarmThresholdMilliseconds" => "60000",
            var name => $"<{name}>",
        });
        var metrics = new List<DashboardMetric>();
        foreach (var widget in JsonNode.Parse(json)!["widgets"]!.AsArray())
        {
            Assert.Equal("<AWS::Region>", widget!["properties"]?["region"]?.GetValue<string>());
            string? widgetStatistic = widget["properties"]?["stat"]?.GetValue<string>();
            foreach (var entry in widget["properties"]?["metrics"]?.AsArray() ?? [])
            {
                var parts = entry!.AsArray();
                if (parts[0] is JsonObject expression)
                {
                    metrics.Add(FromSearch(expression["expression"]!.GetValue<string>()));
                    continue;
                }

                var options = parts[^1] as JsonObject;
                var names = parts.Take(options is null ? parts.Count : parts.Count - 1).Select(p => p!.GetValue<string>()).ToList();
                var dimensions = new Dictionary<string, string>();
                for (int i = 2; i + 1 < names.Count; i += 2)
                {
                    dimensions.Add(names[i], names[i + 1]);
                }

                metrics.Add(new DashboardMetric(names[0], names[1], dimensions, options?["stat"]?.GetValue<string>() ?? widgetStatistic, IsSearch: false));
            }
        }

        return metrics;
    }

    /// <summary>SEARCH('{namespace,Dim1,Dim2} MetricName="X" Dim1="v"', 'stat', period).</summary>
    private static DashboardMetric FromSearch(string expression)
    {
        var match = Search().Match(expression);
        Assert.True(match.Success, expression);
        var keys = match.Groups["schema"].Value.Split(',');
        var values = SearchTerm().Matches(match.Groups["terms"].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var dimensions = keys.Skip(1).ToDictionary(key => key, key => values.GetValueOrDefault(key, "*"));
        return new DashboardMetric(keys[0], values["MetricName"], dimensions, match.Groups["stat"].Value, IsSearch: true);
    }

    private static HashSet<string> ConsumerMetricNames()
    {
        string source = File.ReadAllText(RepositoryRoot.File("src/Neptune.Streams.Lambda/Metrics/MetricNames.cs"));
        var names = Constant().Matches(source).Where(m => !m.Groups[1].Value.EndsWith("Dimension", StringComparison.Ordinal))
            .Select(m => m.Groups[2].Value).ToHashSet();
        Assert.Contains("StreamLag", names);
        return names;
    }

    private static HashSet<string> PumpMetricNames()
    {
        string source = File.ReadAllText(RepositoryRoot.File("src/Neptune.Streams.Pump/Pumping/PumpMetrics.cs"));
        var names = PumpMetric().Matches(source).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Contains("StreamExpired", names);
        return names;
    }

    private sealed record DashboardMetric(string Namespace, string Name, Dictionary<string, string> Dimensions, string? Statistic, bool IsSearch);

    [GeneratedRegex(@"\$\{([^}]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^SEARCH\('\{(?<schema>[^}]+)\}(?<terms>[^']*)',\s*'(?<stat>[^']+)',\s*\d+\)$")]
    private static partial Regex Search();

    [GeneratedRegex("([A-Za-z]+)=\"([^\"]*)\"")]
    private static partial Regex SearchTerm();

    [GeneratedRegex("public const string (\\w+) = \"([^\"]+)\";")]
    private static partial Regex Constant();

    [GeneratedRegex("\\(\"(\\w+)\", \"(?:Count|Milliseconds)\"")]
    private static partial Regex PumpMetric();
}
