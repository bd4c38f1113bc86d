using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda.Diagnostics;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;
using Neptune.Streams.Lambda.Hosting;

namespace Neptune.Streams.Lambda.Tests.Diagnostics;

/// <summary>
/// Spans for the batch, each event and each handler call, collected by a plain <see cref="ActivityListener"/> (what
/// OpenTelemetry's <c>AddSource</c> subscribes), continuing Lambda's X-Ray trace.
/// </summary>
public sealed class TracingTests : IDisposable
{
    private const string Header = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public TracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == NeptuneStreamsTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public async Task Batch_event_and_handler_spans_continue_the_lambda_trace_with_record_and_handler_attributes()
    {
        await using var function = new Function();
        var invocation = new InvocationContext { AwsRequestId = "req-7", FunctionName = "f", TraceId = Header };

        var response = await function.ProcessAsync(Batches.Of(
            Batches.Pg(1, 1, "v1", "vl", "label", "person", last: true),
            Batches.Pg(2, 1, "v2", "vl", "label", "person", last: true)), invocation);

        Assert.Equal(Batches.Sequence(1), Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Activity[] spans = _stopped.Where(a => a.TraceId.ToHexString() == "5759e988bd862e3fe1be46a994272793").ToArray();
        Activity batch = Assert.Single(spans, a => a.OperationName == "neptune_streams.batch");
        Assert.Equal("53995c3f42cd8ad8", batch.ParentSpanId.ToHexString());
        Assert.True(batch.Recorded);
        Assert.Equal("req-7", batch.GetTagItem("faas.invocation_id"));
        Assert.Equal(ActivityStatusCode.Error, batch.Status);

        Activity[] events = spans.Where(a => a.OperationName == "neptune_streams.event").ToArray();
        Assert.Equal(2, events.Length);
        Assert.All(events, e => Assert.Equal(batch.SpanId, e.ParentSpanId));
        Activity first = events.Single(e => (string?)e.GetTagItem("neptune_streams.event_id") == "1:1");
        Assert.Equal("shardId-000000000000", first.GetTagItem("neptune_streams.shard_id"));
        Assert.Equal(Batches.Sequence(0), first.GetTagItem("neptune_streams.sequence_number"));
        Assert.Equal("VertexAdded", first.GetTagItem("neptune_streams.event_kind"));
        Assert.Equal("person", first.GetTagItem("neptune_streams.label"));
        Assert.Equal("ok", first.GetTagItem("neptune_streams.outcome"));
        Activity second = events.Single(e => (string?)e.GetTagItem("neptune_streams.event_id") == "2:1");
        Assert.Equal("failed", second.GetTagItem("neptune_streams.outcome"));

        Activity[] handlers = spans.Where(a => a.OperationName == "neptune_streams.handler").ToArray();
        Assert.Equal(2, handlers.Length);
        Activity ok = handlers.Single(h => h.ParentSpanId == first.SpanId);
        Assert.Equal(nameof(FailsOnV2), ok.GetTagItem("neptune_streams.handler"));
        Assert.Equal("ok", ok.GetTagItem("neptune_streams.outcome"));
        Activity failed = handlers.Single(h => h.ParentSpanId == second.SpanId);
        Assert.Equal("failed", failed.GetTagItem("neptune_streams.outcome"));
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal(typeof(PermanentHandlerException).FullName, failed.GetTagItem("error.type"));
    }

    [Theory]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0", true, false)]
    [InlineData("Parent=53995c3f42cd8ad8;Root=1-5759e988-bd862e3fe1be46a994272793;Lineage=a:1", true, false)]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1", false, false)]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a99427279;Parent=53995c3f42cd8ad8;Sampled=1", false, false)]
    [InlineData("Root=1-5759E988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", false, false)]
    [InlineData("Root=1-00000000-000000000000000000000000;Parent=53995c3f42cd8ad8;Sampled=1", false, false)]
    [InlineData("", false, false)]
    [InlineData(Header, true, true)]
    public void Trace_header_becomes_a_W3C_parent_only_when_well_formed(string header, bool parsed, bool sampled)
    {
        Assert.Equal(parsed, TraceHeader.TryParse(header, out ActivityContext parent));
        if (parsed)
        {
            Assert.Equal("5759e988bd862e3fe1be46a994272793", parent.TraceId.ToHexString());
            Assert.Equal("53995c3f42cd8ad8", parent.SpanId.ToHexString());
            Assert.Equal(sampled, parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded));
            Assert.True(parent.IsRemote);
        }
    }

    public void Dispose() => _listener.Dispose();

    private sealed class Function : NeptuneStreamFunction
    {
        protected override void Configure(NeptuneStreamBuilder builder)
        {
            builder.Options.Metrics.Enabled = false;
            builder.Services.AddLogging();
            builder.OnAny<FailsOnV2>();
        }
    }

    private sealed class FailsOnV2 : IGraphEventHandler
    {
        public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken) =>
            graphEvent.Id == "v2" ? throw new PermanentHandlerException("v2 is refused") : ValueTask.CompletedTask;
    }
}
