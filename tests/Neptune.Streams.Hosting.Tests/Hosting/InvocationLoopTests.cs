using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;
using Neptune.Streams.Lambda.Hosting;
using Xunit;

namespace Neptune.Streams.Hosting.Tests.Hosting;

/// <summary>The loop's handling of one invocation, in-process, against an in-memory Runtime API.</summary>
public sealed class InvocationLoopTests
{
    [Fact]
    public async Task An_exception_out_of_the_function_becomes_an_unhandled_error_response_and_the_next_invocation_is_still_served()
    {
        await using var function = new UnresolvableHandlerFunction();
        var client = new RecordingRuntimeApiClient();
        var loop = new InvocationLoop(function, client, new DictionaryEnvironment(), NullLogger.Instance);

        await loop.HandleAsync(Invocation("r1", KinesisEvents.Vertices(1, "person")), CancellationToken.None);
        await loop.HandleAsync(Invocation("r2", "{\"Records\":[]}"), CancellationToken.None);

        var (requestId, error) = Assert.Single(client.Errors);
        Assert.Equal("r1", requestId);
        Assert.Equal("Runtime.UnhandledException", error.Category);
        Assert.Equal(nameof(InvalidOperationException), error.ErrorType);
        Assert.Equal("r2", Assert.Single(client.Responses).RequestId);
    }

    [Fact]
    public async Task The_trace_header_is_set_in_the_environment_per_invocation_and_cleared_when_absent()
    {
        await using var function = new EmptyFunction();
        var environment = new DictionaryEnvironment();
        var loop = new InvocationLoop(function, new RecordingRuntimeApiClient(), environment, NullLogger.Instance);

        await loop.HandleAsync(Invocation("r1", "{\"Records\":[]}", trace: "Root=1-abc"), CancellationToken.None);
        Assert.Equal("Root=1-abc", environment.Get("_X_AMZN_TRACE_ID"));

        await loop.HandleAsync(Invocation("r2", "{\"Records\":[]}", trace: null), CancellationToken.None);
        Assert.Null(environment.Get("_X_AMZN_TRACE_ID"));
    }

    [Fact]
    public async Task A_raw_handler_gets_the_payload_and_the_deadline_and_its_errors_are_categorised_like_a_functions()
    {
        var client = new RecordingRuntimeApiClient();
        var seen = new List<(string Payload, DateTimeOffset? Deadline, string RequestId)>();
        var loop = new InvocationLoop(
            (payload, invocation, _) =>
            {
                string text = Encoding.UTF8.GetString(payload.Span);
                seen.Add((text, invocation.Deadline, invocation.AwsRequestId));
                return text switch
                {
                    "bad" => throw new InvalidDataException("not a scheduled event"),
                    "boom" => throw new InvalidOperationException("broke"),
                    _ => Task.FromResult<ReadOnlyMemory<byte>>(Encoding.UTF8.GetBytes("{\"echo\":" + text + "}")),
                };
            },
            client,
            new DictionaryEnvironment(),
            NullLogger.Instance);

        var deadline = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        await loop.HandleAsync(Invocation("r1", "{}") with { Deadline = deadline }, CancellationToken.None);
        await loop.HandleAsync(Invocation("r2", "bad"), CancellationToken.None);
        await loop.HandleAsync(Invocation("r3", "boom"), CancellationToken.None);
        await loop.HandleAsync(Invocation("r4", "[1]"), CancellationToken.None);

        Assert.Equal(["r1", "r2", "r3", "r4"], seen.Select(s => s.RequestId));
        Assert.Equal(deadline, seen[0].Deadline);
        Assert.Equal([("r1", "{\"echo\":{}}"), ("r4", "{\"echo\":[1]}")], client.Responses.Select(r => (r.RequestId, Encoding.UTF8.GetString(r.Body))));
        Assert.Equal(
            [("r2", "Runtime.InvalidEvent"), ("r3", "Runtime.UnhandledException")],
            client.Errors.Select(e => (e.RequestId, e.Error.Category)));
    }

    [Fact]
    public async Task A_payload_that_is_not_an_event_gets_an_InvalidEvent_error_naming_where_it_broke()
    {
        await using var function = new EmptyFunction();
        var client = new RecordingRuntimeApiClient();
        var loop = new InvocationLoop(function, client, new DictionaryEnvironment(), NullLogger.Instance);

        await loop.HandleAsync(Invocation("r1", "{\"Records\": 42}"), CancellationToken.None);

        RuntimeError error = Assert.Single(client.Errors).Error;
        Assert.Equal("Runtime.InvalidEvent", error.Category);
        Assert.Contains("$.Records", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(client.Responses);
    }

    private static RuntimeInvocation Invocation(string requestId, string payload, string? trace = "Root=1-test") =>
        new(requestId, Deadline: null, "arn:aws:lambda:us-east-1:123456789012:function:f", trace, Encoding.UTF8.GetBytes(payload));

    private sealed class EmptyFunction : NeptuneStreamFunction
    {
        protected override void Configure(NeptuneStreamBuilder builder)
        {
            builder.Options.Metrics.Enabled = false;
            builder.Services.AddLogging(l => l.ClearProviders());
        }
    }

    /// <summary>Its handler cannot be constructed: the batch throws instead of reporting a record.</summary>
    private sealed class UnresolvableHandlerFunction : NeptuneStreamFunction
    {
        protected override void Configure(NeptuneStreamBuilder builder)
        {
            builder.Options.Metrics.Enabled = false;
            builder.Services.AddLogging(l => l.ClearProviders());
            builder.OnAny<ExplodingHandler>();
        }
    }

    private sealed class ExplodingHandler : IGraphEventHandler
    {
        public ExplodingHandler() => throw new InvalidOperationException("This handler cannot be built.");

        public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
