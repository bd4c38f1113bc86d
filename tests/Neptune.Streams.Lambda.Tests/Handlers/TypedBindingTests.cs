using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;

namespace Neptune.Streams.Lambda.Tests.Handlers;

/// <summary>
/// Typed handlers bind Neptune's lower camel case property names to the user's members with a context that has no
/// naming option (as in the README), say which properties bound to nothing, and fail permanently (never transiently)
/// on values that cannot bind, naming the record and property but never the value.
/// </summary>
public sealed class TypedBindingTests
{
    [Fact]
    public async Task ContextWithoutNamingOptions_BindsLowerCamelCaseNamesToMembers()
    {
        var sink = new Sink();
        await using var function = new Function(b => b.On<ProfileHandler>(GraphEventKind.VertexAdded), sink);

        var response = await function.ProcessAsync(Batches.Of(
            Batches.Pg(1, 1, "v1", "vl", "label", "person"),
            Batches.Pg(1, 2, "v1", "vp", "name", "Lea"),
            Batches.Pg(1, 3, "v1", "vp", "birthDate", "1990-04-12T00:00:00Z", dataType: "Date"),
            Batches.Pg(1, 4, "v1", "vp", "age", "54", dataType: "Int", last: true)));

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(["Lea 54 1990-04-12"], sink.Calls);
    }

    [Fact]
    public async Task PropertyThatBindsToNoMember_IsLoggedOncePerTypeAndPropertyByName_AndCounted()
    {
        var sink = new Sink();
        await using var function = new Function(b => b.On<ProfileHandler>(GraphEventKind.VertexAdded), sink);
        var batch = Batches.Of(
            Batches.Pg(1, 1, "v1", "vl", "label", "person"),
            Batches.Pg(1, 2, "v1", "vp", "name", "Lea"),
            Batches.Pg(1, 3, "v1", "vp", "shoeSize", "secret-41", last: true),
            Batches.Pg(2, 1, "v2", "vl", "label", "person"),
            Batches.Pg(2, 2, "v2", "vp", "shoeSize", "secret-42", last: true));

        var first = await function.ProcessBatchAsync(batch, null, CancellationToken.None);
        var second = await function.ProcessBatchAsync(batch, null, CancellationToken.None);

        Assert.Equal(2, first.Summary.UnboundProperties);
        Assert.Equal(2, second.Summary.UnboundProperties);
        string warning = Assert.Single(sink.Logs, l => l.Contains("shoeSize", StringComparison.Ordinal));
        Assert.Contains(nameof(Profile), warning, StringComparison.Ordinal);
        Assert.DoesNotContain(sink.Logs, l => l.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PropertyThatBindsToAMemberOnlyBySpelling_IsNotReported()
    {
        var sink = new Sink();
        await using var function = new Function(b => b.On<ProfileHandler>(GraphEventKind.VertexAdded), sink);

        var result = await function.ProcessBatchAsync(Batches.Of(
            Batches.Pg(1, 1, "v1", "vl", "label", "person"),
            Batches.Pg(1, 2, "v1", "vp", "NAME", "Lea", last: true)), null, CancellationToken.None);

        Assert.Equal(0, result.Summary.UnboundProperties);
        Assert.Equal(["Lea  "], sink.Calls);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("+5")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("-")]
    [InlineData("Infinity")]
    [InlineData("0x1F")]
    [InlineData("01")]
    [InlineData("1e")]
    [InlineData("1,5")]
    [InlineData("2147483648")] // one past int.MaxValue: a JSON number that does not fit the member
    public async Task NumericValueThatCannotBind_FailsPermanentlyNamingRecordAndPropertyNotValue(string text)
    {
        var sink = new Sink();
        await using var function = new Function(b => b.On<ProfileHandler>(GraphEventKind.VertexAdded), sink);

        var result = await function.ProcessBatchAsync(Batches.Of(
            Batches.Pg(1, 1, "v1", "vl", "label", "person"),
            Batches.Pg(1, 2, "v1", "vp", "age", text, dataType: "Int", last: true)), null, CancellationToken.None);

        Assert.Equal(Batches.Sequence(0), Assert.Single(result.Response.BatchItemFailures).ItemIdentifier);
        Assert.Equal(0, result.Summary.Retries); // permanent: not retried as transient
        Assert.Empty(sink.Calls);
        string error = Assert.Single(sink.Logs, l => l.Contains(nameof(PermanentHandlerException), StringComparison.Ordinal));
        Assert.Contains("'age'", error, StringComparison.Ordinal);
        Assert.Contains("1:1", error, StringComparison.Ordinal);
        Assert.Contains($"shardId-000000000000/{Batches.Sequence(1)}", error, StringComparison.Ordinal);
        Assert.DoesNotContain($"'{text}'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("-0", 0)]
    [InlineData("2147483647", int.MaxValue)]
    [InlineData("-2147483648", int.MinValue)]
    [InlineData(" 7 ", 7)]
    public async Task NumericTextThatIsAJsonNumber_BindsAsANumber(string text, int expected)
    {
        var sink = new Sink();
        await using var function = new Function(b => b.On<ProfileHandler>(GraphEventKind.VertexAdded), sink);

        var response = await function.ProcessAsync(Batches.Of(
            Batches.Pg(1, 1, "v1", "vl", "label", "person"),
            Batches.Pg(1, 2, "v1", "vp", "age", text, dataType: "Int", last: true)));

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal([$" {expected} "], sink.Calls);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("+5")]
    [InlineData(".5")]
    public async Task NumericTextThatIsNotAJsonNumber_BindsToAStringMemberAsWritten(string text)
    {
        var sink = new Sink();
        await using var function = new Function(b => b.On<LooseHandler>(GraphEventKind.VertexAdded), sink);

        var response = await function.ProcessAsync(Batches.Of(
            Batches.Pg(1, 1, "v1", "vl", "label", "person"),
            Batches.Pg(1, 2, "v1", "vp", "age", text, dataType: "Double", last: true)));

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal([$"String:{text}"], sink.Calls);
    }

    [Theory]
    [InlineData("1e3")]
    [InlineData("1E+3")]
    [InlineData("-0.5e-7")]
    [InlineData("123456789012345678901234567890")]
    public async Task NumericTextInJsonNumberGrammar_BindsAsAJsonNumber(string text)
    {
        var sink = new Sink();
        await using var function = new Function(b => b.On<LooseHandler>(GraphEventKind.VertexAdded), sink);

        await function.ProcessAsync(Batches.Of(
            Batches.Pg(1, 1, "v1", "vl", "label", "person"),
            Batches.Pg(1, 2, "v1", "vp", "age", text, dataType: "Double", last: true)));

        Assert.Equal([$"Number:{text}"], sink.Calls);
    }

    [Fact]
    public async Task SeveralTypedHandlersOfOneEvent_EachGetTheirOwnBinding()
    {
        var sink = new Sink();
        await using var function = new Function(b => b.OnAny<ProfileHandler>().OnAny<LooseHandler>(), sink);

        await function.ProcessAsync(Batches.Of(
            Batches.Pg(1, 1, "v1", "vl", "label", "person"),
            Batches.Pg(1, 2, "v1", "vp", "name", "Lea"),
            Batches.Pg(1, 3, "v1", "vp", "age", "54", dataType: "Int", last: true),
            Batches.Pg(2, 1, "v2", "vl", "label", "person"),
            Batches.Pg(2, 2, "v2", "vp", "age", "7", dataType: "Int", last: true)));

        Assert.Equal(["Lea 54 ", "Number:54", " 7 ", "Number:7"], sink.Calls);
    }

    private sealed class Function(Action<NeptuneStreamBuilder> configure, Sink sink) : NeptuneStreamFunction
    {
        protected override void Configure(NeptuneStreamBuilder builder)
        {
            builder.Services.AddSingleton(sink);
            builder.Services.AddLogging(l => l.AddProvider(sink));
            builder.Options.Retry.BaseDelay = TimeSpan.Zero;
            builder.Options.Metrics.Enabled = false;
            configure(builder);
        }
    }

    private sealed class ProfileHandler(Sink sink) : GraphEventHandler<Profile>(PlainJsonContext.Default.Profile)
    {
        protected override ValueTask HandleAsync(GraphEvent graphEvent, Profile properties, GraphEventContext context, CancellationToken cancellationToken)
        {
            sink.Calls.Add($"{properties.Name} {properties.Age} {properties.BirthDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}");
            return ValueTask.CompletedTask;
        }
    }

    private sealed class LooseHandler(Sink sink) : GraphEventHandler<LooseAge>(PlainJsonContext.Default.LooseAge)
    {
        protected override ValueTask HandleAsync(GraphEvent graphEvent, LooseAge properties, GraphEventContext context, CancellationToken cancellationToken)
        {
            sink.Calls.Add(properties.Age is System.Text.Json.JsonElement age ? $"{age.ValueKind}:{age}" : "none");
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Records handler calls and every log line (message and exception) as text.</summary>
    private sealed class Sink : LogCapture
    {
        public List<string> Calls { get; } = [];
    }
}

/// <summary>A user's type, as the README writes one.</summary>
internal sealed record Profile(string? Name, int? Age, DateTimeOffset? BirthDate);

/// <summary>A type that keeps a numeric property as text.</summary>
internal sealed record LooseAge(object? Age);

/// <summary>No naming options, as in the README's example.</summary>
[JsonSerializable(typeof(Profile))]
[JsonSerializable(typeof(LooseAge))]
internal sealed partial class PlainJsonContext : JsonSerializerContext;
