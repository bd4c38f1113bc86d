using System.Text;
using Xunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;
using Neptune.Streams.Lambda.Hosting;
using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Hosting.Tests.Hosting;

/// <summary>
/// Regression (found by the chaos run): the deadline timer of a batch that finished early stayed alive and fired later
/// on the disposed token source, an unhandled ObjectDisposedException that killed the process in a later invocation.
/// </summary>
public sealed class DeadlineTimerTests
{
    [Fact]
    public async Task A_batch_that_ends_before_its_deadline_leaves_no_timer_that_fires_later()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        await using var function = new TimedFunction(time);
        KinesisEvent batch = await NeptuneStreamFunction.ReadEventAsync(new MemoryStream(Encoding.UTF8.GetBytes(KinesisEvents.Vertices(1, "person"))));

        StreamsEventResponse response = await function.ProcessAsync(
            batch, new InvocationContext { FunctionName = "f", Deadline = time.GetUtcNow() + TimeSpan.FromSeconds(30) });
        Exception? fired = Record.Exception(() => time.Advance(TimeSpan.FromMinutes(1)));

        Assert.Empty(response.BatchItemFailures);
        Assert.Null(fired);
    }

    [Fact]
    public async Task A_batch_still_running_at_its_deadline_is_stopped_and_reports_where()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        await using var function = new TimedFunction(time, advanceOnFirstEvent: TimeSpan.FromSeconds(40));
        KinesisEvent batch = await NeptuneStreamFunction.ReadEventAsync(new MemoryStream(Encoding.UTF8.GetBytes(KinesisEvents.Vertices(1, "person", "person"))));

        StreamsEventResponse response = await function.ProcessAsync(
            batch, new InvocationContext { FunctionName = "f", Deadline = time.GetUtcNow() + TimeSpan.FromSeconds(30) });

        Assert.Equal(KinesisEvents.SequenceNumber(2), Assert.Single(response.BatchItemFailures).ItemIdentifier);
    }

    private sealed class TimedFunction(FakeTimeProvider time, TimeSpan advanceOnFirstEvent = default) : NeptuneStreamFunction
    {
        protected override void Configure(NeptuneStreamBuilder builder)
        {
            builder.Services.AddSingleton<TimeProvider>(time);
            builder.Services.AddSingleton(new Clock(time, advanceOnFirstEvent));
            builder.Services.AddLogging();
            builder.Options.Metrics.Enabled = false;
            builder.OnAny<AdvancingHandler>();
        }
    }

    private sealed record Clock(FakeTimeProvider Time, TimeSpan AdvanceOnFirstEvent);

    private sealed class AdvancingHandler(Clock clock) : IGraphEventHandler
    {
        public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
        {
            if (clock.AdvanceOnFirstEvent > TimeSpan.Zero && graphEvent.CommitNum == 1)
            {
                clock.Time.Advance(clock.AdvanceOnFirstEvent);
            }

            return ValueTask.CompletedTask;
        }
    }
}
