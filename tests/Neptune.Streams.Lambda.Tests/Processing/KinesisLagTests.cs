using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Neptune.Streams.Lambda.Checkpoints;
using Neptune.Streams.Lambda.Hosting;

namespace Neptune.Streams.Lambda.Tests.Processing;

/// <summary>
/// The Kinesis lag counts every second a record waited, the batch's own I/O before it included: a shortcut that
/// measured it to the previous handler call's end left a slow checkpoint load out.
/// </summary>
public sealed class KinesisLagTests
{
    [Fact]
    public async Task KinesisLag_IncludesASlowCheckpointLoadBeforeTheRecord()
    {
        // Record 0 arrived at 1718012000.123; the batch starts 10 s later; loading checkpoints takes 5 s.
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1718012000123).AddSeconds(10));
        var store = new SlowLoadStore(time);
        await using var function = new RecordingFunction(b =>
        {
            b.Services.AddSingleton<TimeProvider>(time);
            b.Services.AddSingleton<ICheckpointStore>(store);
        });
        var result = await function.ProcessBatchAsync(
            Batches.Of(Batches.Pg(1, 1, "v1", "vl", "label", "person", last: true)),
            new InvocationContext { FunctionName = "consumer", Deadline = time.GetUtcNow().AddMinutes(5) },
            CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(15), result.Summary.MaxKinesisLag);
    }

    private sealed class SlowLoadStore(FakeTimeProvider time) : ICheckpointStore
    {
        public ValueTask<Checkpoint?> GetAsync(CheckpointKey key, CancellationToken cancellationToken = default)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            return ValueTask.FromResult<Checkpoint?>(null);
        }

        public ValueTask<IReadOnlyDictionary<CheckpointKey, Checkpoint>> GetManyAsync(
            IReadOnlyCollection<CheckpointKey> keys, CancellationToken cancellationToken = default)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            return ValueTask.FromResult<IReadOnlyDictionary<CheckpointKey, Checkpoint>>(new Dictionary<CheckpointKey, Checkpoint>());
        }

        public ValueTask<CheckpointWriteOutcome> AdvanceAsync(CheckpointKey key, Checkpoint checkpoint, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(CheckpointWriteOutcome.Advanced);
    }
}
