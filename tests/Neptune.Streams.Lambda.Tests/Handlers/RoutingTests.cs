using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;

namespace Neptune.Streams.Lambda.Tests.Handlers;

/// <summary>Handlers are routed by kind and label, run in registration order, and come from dependency injection.</summary>
public sealed class RoutingTests
{
    private static readonly string[] Page =
    [
        Batches.Pg(1, 1, "v1", "vl", "label", "person"),
        Batches.Pg(1, 2, "v1", "vp", "name", "Tom"),
        Batches.Pg(1, 3, "v1", "vp", "age", "30", dataType: "Int", last: true),
        Batches.Pg(2, 1, "v2", "vl", "label", "company", last: true),
        Batches.Pg(3, 1, "e1", "e", "label", "follows", from: "v1", to: "v2", last: true),
    ];

    [Fact]
    public async Task KindAndLabel_SelectTheHandlers()
    {
        var log = new CallLog();
        await using var function = new Function(b => b
            .On<First>(GraphEventKind.VertexAdded, "person")
            .On<Second>(GraphEventKind.EdgeAdded)
            .OnAny<Third>("company"), log);

        await function.ProcessAsync(Batches.Of(Page));

        Assert.Equal(["First v1", "Third v2", "Second e1"], log.Calls);
    }

    [Fact]
    public async Task SeveralKindsInOneRegistration_RouteEachToTheHandlerOnce()
    {
        var log = new CallLog();
        await using var function = new Function(b => b
            .On<First>([GraphEventKind.VertexAdded, GraphEventKind.EdgeAdded])
            .On<Second>([GraphEventKind.VertexAdded, GraphEventKind.VertexDeleted], "company"), log);

        await function.ProcessAsync(Batches.Of(Page));

        Assert.Equal(["First v1", "First v2", "Second v2", "First e1"], log.Calls);
    }

    [Theory]
    [InlineData(new GraphEventKind[0])]
    [InlineData(new[] { GraphEventKind.VertexAdded, GraphEventKind.VertexAdded })]
    [InlineData(new[] { (GraphEventKind)42 })]
    public void SeveralKinds_EmptyRepeatedOrUnknown_AreRejected(GraphEventKind[] kinds)
    {
        var function = new Function(b => b.On<First>(kinds), new CallLog());

        Assert.Throws<ArgumentException>(() => function.Services);
    }

    [Fact]
    public async Task SeveralHandlersOfOneEvent_RunInRegistrationOrder()
    {
        var log = new CallLog();
        await using var function = new Function(b => b.OnAny<Third>().On<First>(GraphEventKind.VertexAdded).OnAny<Second>("person"), log);

        await function.ProcessAsync(Batches.Of(Page[..3]));

        Assert.Equal(["Third v1", "First v1", "Second v1"], log.Calls);
    }

    [Fact]
    public async Task HandlerThatSucceededIsNotRerunWhenALaterHandlerRetries()
    {
        var log = new CallLog { FailSecondOnce = true };
        await using var function = new Function(b => b.OnAny<First>().OnAny<Second>(), log);

        var response = await function.ProcessAsync(Batches.Of(Page[..3]));

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(["First v1", "Second v1"], log.Calls);
    }

    [Fact]
    public async Task HandlersAreOneInstancePerBatch()
    {
        var log = new CallLog();
        await using var function = new Function(b => b.OnAny<First>(), log);

        await function.ProcessAsync(Batches.Of(Page));
        await function.ProcessAsync(Batches.Of(Page));

        Assert.Equal(2, log.Instances.Distinct().Count());
    }

    [Fact]
    public async Task TypedHandler_BindsPropertiesToTheUsersType()
    {
        var log = new CallLog();
        await using var function = new Function(b => b.On<PersonHandler>(GraphEventKind.VertexAdded, "person"), log);

        await function.ProcessAsync(Batches.Of(Page));

        Assert.Equal(["Tom is 30"], log.Calls);
    }

    [Fact]
    public async Task TypedHandler_ValuesThatDoNotBind_FailPermanently()
    {
        var log = new CallLog();
        await using var function = new Function(b => b.On<PersonHandler>(GraphEventKind.VertexAdded), log);
        var batch = Batches.Of(Batches.Pg(1, 1, "v1", "vl", "label", "person"), Batches.Pg(1, 2, "v1", "vp", "age", "not a number", last: true));

        var response = await function.ProcessAsync(batch);

        Assert.Equal(Batches.Sequence(0), Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Empty(log.Calls);
    }

    [Fact]
    public void EmptyLabelFilter_IsRefused()
    {
        var function = new Function(b => b.OnAny<First>(string.Empty), new CallLog());

        Assert.Throws<ArgumentException>(() => function.Services);
    }

    [Fact]
    public async Task Context_CarriesTheIdempotencyKeyAndInvocation()
    {
        var log = new CallLog();
        await using var function = new Function(b => b.OnAny<KeyHandler>(), log);

        await function.ProcessAsync(Batches.Of(Page), new Neptune.Streams.Lambda.Hosting.InvocationContext { AwsRequestId = "req-1" });

        Assert.Equal(["1:1 req-1", "2:1 req-1", "3:1 req-1"], log.Calls);
    }

    private sealed class Function(Action<NeptuneStreamBuilder> configure, CallLog log) : NeptuneStreamFunction
    {
        protected override void Configure(NeptuneStreamBuilder builder)
        {
            builder.Services.AddSingleton(log);
            builder.Options.Retry.BaseDelay = TimeSpan.Zero;
            configure(builder);
        }
    }

    private sealed class CallLog
    {
        public List<string> Calls { get; } = [];

        public List<object> Instances { get; } = [];

        public bool FailSecondOnce { get; set; }
    }

    private sealed class First(CallLog log) : IGraphEventHandler
    {
        public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
        {
            log.Calls.Add($"First {graphEvent.Id}");
            log.Instances.Add(this);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Second(CallLog log) : IGraphEventHandler
    {
        public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
        {
            if (log.FailSecondOnce)
            {
                log.FailSecondOnce = false;
                throw new TimeoutException("flaky");
            }

            log.Calls.Add($"Second {graphEvent.Id}");
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Third(CallLog log) : IGraphEventHandler
    {
        public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
        {
            log.Calls.Add($"Third {graphEvent.Id}");
            return ValueTask.CompletedTask;
        }
    }

    private sealed class KeyHandler(CallLog log) : IGraphEventHandler
    {
        public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
        {
            log.Calls.Add($"{context.IdempotencyKey} {context.Invocation.AwsRequestId}");
            return ValueTask.CompletedTask;
        }
    }

    private sealed class PersonHandler(CallLog log) : GraphEventHandler<Person>(TestJsonContext.Default.Person)
    {
        protected override ValueTask HandleAsync(GraphEvent graphEvent, Person properties, GraphEventContext context, CancellationToken cancellationToken)
        {
            log.Calls.Add($"{properties.Name} is {properties.Age}");
            return ValueTask.CompletedTask;
        }
    }
}

internal sealed record Person(string? Name, int? Age);

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(Person))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
