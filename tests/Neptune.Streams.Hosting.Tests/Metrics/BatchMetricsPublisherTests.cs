using Microsoft.Extensions.Time.Testing;
using System.Text.Json;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Hosting;
using Neptune.Streams.Lambda.Metrics;
using Neptune.Streams.Lambda.Processing;
using Xunit;

namespace Neptune.Streams.Hosting.Tests.Metrics;

public sealed class BatchMetricsPublisherTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly InvocationContext Invocation = new() { AwsRequestId = "req-1", FunctionName = "consumer" };

    [Fact]
    public void The_batch_document_holds_every_count_the_lags_and_the_latency_with_their_units()
    {
        BatchSummary summary = Summary();

        List<JsonElement> documents = Publish(new MetricsOptions { Enabled = true }, summary, TimeSpan.FromMilliseconds(42.5));

        JsonElement batch = documents[0];
        Assert.Equal(Now.ToUnixTimeMilliseconds(), batch.GetProperty("_aws").GetProperty("Timestamp").GetInt64());
        var units = Units(batch);
        Assert.Equal("Count", units["RecordsProcessed"]);
        Assert.Equal("Count", units["EventsDispatched"]);
        Assert.Equal("Count", units["Errors"]);
        Assert.Equal("Count", units["PoisonRecords"]);
        Assert.Equal("Count", units["DuplicatesSkipped"]);
        Assert.Equal("Count", units["Retries"]);
        Assert.Equal("Count", units["UnlabelledEvents"]);
        Assert.Equal("Milliseconds", units["StreamLag"]);
        Assert.Equal("Milliseconds", units["KinesisLag"]);
        Assert.Equal("Milliseconds", units["Latency"]);
        Assert.Equal(7, batch.GetProperty("RecordsProcessed").GetDouble());
        Assert.Equal(5, batch.GetProperty("EventsDispatched").GetDouble());
        Assert.Equal(1, batch.GetProperty("Errors").GetDouble());
        Assert.Equal(2, batch.GetProperty("PoisonRecords").GetDouble());
        Assert.Equal(3, batch.GetProperty("DuplicatesSkipped").GetDouble());
        Assert.Equal(4, batch.GetProperty("Retries").GetDouble());
        Assert.Equal(6, batch.GetProperty("UnlabelledEvents").GetDouble());
        Assert.Equal(1500, batch.GetProperty("StreamLag").GetDouble());
        Assert.Equal(250, batch.GetProperty("KinesisLag").GetDouble());
        Assert.Equal(42.5, batch.GetProperty("Latency").GetDouble());
        Assert.Equal("consumer", batch.GetProperty("FunctionName").GetString());
    }

    [Fact]
    public void EventsDispatched_is_also_written_per_event_kind_and_Latency_per_handler()
    {
        List<JsonElement> documents = Publish(new MetricsOptions { Enabled = true, Namespace = "Custom/Ns" }, Summary(), TimeSpan.FromMilliseconds(1));

        Assert.All(documents, d => Assert.Equal("Custom/Ns", d.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Namespace").GetString()));
        var byKind = documents.Where(d => Dimensions(d).SequenceEqual(["FunctionName", "EventKind"])).ToList();
        Assert.Equal(2, byKind.Count);
        Assert.Equal(3, byKind.Single(d => d.GetProperty("EventKind").GetString() == "VertexAdded").GetProperty("EventsDispatched").GetDouble());
        Assert.Equal(2, byKind.Single(d => d.GetProperty("EventKind").GetString() == "EdgeAdded").GetProperty("EventsDispatched").GetDouble());
        JsonElement handler = Assert.Single(documents, d => Dimensions(d).SequenceEqual(["FunctionName", "Handler"]));
        Assert.Equal("PersonHandler", handler.GetProperty("Handler").GetString());
        Assert.Equal([10.0, 20.25], handler.GetProperty("Latency").EnumerateArray().Select(v => v.GetDouble()));
    }

    [Fact]
    public void Without_the_optional_dimensions_only_the_batch_document_is_written_with_an_empty_dimension_set()
    {
        var options = new MetricsOptions { Enabled = true, FunctionNameDimension = false, EventKindDimension = false, HandlerDimension = false };

        JsonElement batch = Assert.Single(Publish(options, Summary(), TimeSpan.Zero));

        Assert.Empty(Dimensions(batch));
        Assert.False(batch.TryGetProperty("FunctionName", out _));
    }

    [Fact]
    public void Unknown_lags_are_left_out_rather_than_written_as_zero()
    {
        List<JsonElement> documents = Publish(new MetricsOptions { Enabled = true }, new BatchSummary(TimeProvider.System) { RecordsProcessed = 1 }, TimeSpan.Zero);

        Assert.False(documents[0].TryGetProperty("StreamLag", out _));
        Assert.False(documents[0].TryGetProperty("KinesisLag", out _));
    }

    [Fact]
    public void Disabled_metrics_write_nothing()
    {
        var output = new StringWriter();
        new BatchMetricsPublisher(new MetricsOptions { Enabled = false }, new FakeTimeProvider(Now), output).Publish(Summary(), Invocation, TimeSpan.Zero);

        Assert.Equal(string.Empty, output.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("AWS/Lambda")]
    [InlineData("tab\there")]
    public void An_invalid_namespace_is_refused_when_set(string value)
    {
        Assert.Throws<ArgumentException>(() => new MetricsOptions { Namespace = value });
    }

    private static BatchSummary Summary()
    {
        var summary = new BatchSummary(TimeProvider.System)
        {
            Records = 9,
            RecordsProcessed = 7,
            EventsDispatched = 5,
            Errors = 1,
            PoisonRecords = 2,
            DuplicatesSkipped = 3,
            Retries = 4,
            UnlabelledEvents = 6,
            MaxStreamLag = TimeSpan.FromSeconds(1.5),
            MaxKinesisLag = TimeSpan.FromMilliseconds(250),
        };
        summary.EventsByKind[(int)GraphEventKind.VertexAdded] = 3;
        summary.EventsByKind[(int)GraphEventKind.EdgeAdded] = 2;
        summary.HandlerLatencies("PersonHandler").Add(10);
        summary.HandlerLatencies("PersonHandler").Add(20.25);
        return summary;
    }

    private static List<JsonElement> Publish(MetricsOptions options, BatchSummary summary, TimeSpan latency)
    {
        var output = new StringWriter();
        new BatchMetricsPublisher(options, new FakeTimeProvider(Now), output).Publish(summary, Invocation, latency);
        return [.. output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];
    }

    private static Dictionary<string, string> Units(JsonElement document) =>
        document.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").EnumerateArray()
            .ToDictionary(m => m.GetProperty("Name").GetString()!, m => m.GetProperty("Unit").GetString()!);

    private static List<string> Dimensions(JsonElement document) =>
        [.. document.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Dimensions")[0].EnumerateArray().Select(d => d.GetString()!)];
}
