using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda.Checkpoints;
using Neptune.Streams.Lambda.Hosting;

namespace Neptune.Streams.Lambda.Tests.Processing;

/// <summary>
/// The work after the batch's token fired (the final checkpoint write) ends before the response is due, so a slow
/// store never turns a partial-batch response into a timeout that redelivers the whole batch (issue 11, suspected).
/// </summary>
public sealed class ResponseDeadlineTests
{
    [Fact]
    public async Task TheFinalCheckpointWrite_OnASlowStore_GivesUpBeforeTheResponseIsDue()
    {
        // Regression: the final write got the whole 2 s safety margin after the token fired at deadline − 2 s, so it
        // could run up to the deadline itself, leaving no time to send the response.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var store = new SlowStore(time);
        await using var function = new RecordingFunction(b =>
        {
            b.Services.AddSingleton<TimeProvider>(time);
            b.Services.AddSingleton<ICheckpointStore>(store);
        });
        function.Recorder.FailWhen = (e, _) =>
        {
            if (e.Id == "v2")
            {
                time.Advance(TimeSpan.FromSeconds(9)); // past the handlers' token (deadline − 2 s)
            }

            return null;
        };
        DateTimeOffset deadline = time.GetUtcNow().AddSeconds(10);

        var response = await function.ProcessAsync(
            Batches.Of(
                Batches.Pg(1, 1, "v1", "vl", "label", "person", last: true),
                Batches.Pg(2, 1, "v2", "vl", "label", "person", last: true),
                Batches.Pg(3, 1, "v3", "vl", "label", "person", last: true)),
            new InvocationContext { FunctionName = "consumer", Deadline = deadline });

        Assert.Equal(Batches.Sequence(2), Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.NotNull(store.GaveUpAt);
        Assert.True(store.GaveUpAt <= deadline - (function.Options.DeadlineSafetyMargin / 4), $"gave up at {store.GaveUpAt:O}, deadline {deadline:O}");
    }

    /// <summary>A store whose write never finishes by itself; the clock moves while it waits, as time would.</summary>
    private sealed class SlowStore(FakeTimeProvider time) : ICheckpointStore
    {
        public DateTimeOffset? GaveUpAt { get; private set; }

        public ValueTask<Checkpoint?> GetAsync(CheckpointKey key, CancellationToken cancellationToken = default) => ValueTask.FromResult<Checkpoint?>(null);

        public ValueTask<IReadOnlyDictionary<CheckpointKey, Checkpoint>> GetManyAsync(
            IReadOnlyCollection<CheckpointKey> keys, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IReadOnlyDictionary<CheckpointKey, Checkpoint>>(new Dictionary<CheckpointKey, Checkpoint>());

        public ValueTask<CheckpointWriteOutcome> AdvanceAsync(CheckpointKey key, Checkpoint checkpoint, CancellationToken cancellationToken = default)
        {
            for (int step = 0; step < 40 && !cancellationToken.IsCancellationRequested; step++)
            {
                time.Advance(TimeSpan.FromMilliseconds(100));
            }

            GaveUpAt = time.GetUtcNow();
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(CheckpointWriteOutcome.Advanced);
        }
    }
}
