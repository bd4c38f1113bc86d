using Microsoft.Extensions.Time.Testing;
using Neptune.Streams.Pump.Neptune;
using Neptune.Streams.Pump.Snapshot;
using Neptune.Streams.Pump.State;

namespace Neptune.Streams.Pump.Tests.State;

/// <summary>What every <see cref="IPumpStateStore"/> must do; run against memory and DynamoDB (moto).</summary>
public abstract class PumpStateStoreContract
{
    protected FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-03-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    protected abstract Task<IPumpStateStore> CreateStoreAsync();

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_held_lease_keeps_others_out_until_it_expires_and_then_fences_them_off()
    {
        IPumpStateStore store = await CreateStoreAsync();
        PumpLease first = (await store.TryAcquireLeaseAsync("p", "one", Minute))!;

        Assert.Null(await store.TryAcquireLeaseAsync("p", "two", Minute));
        Time.Advance(TimeSpan.FromSeconds(61));
        PumpLease second = (await store.TryAcquireLeaseAsync("p", "two", Minute))!;

        Assert.True(second.FencingToken > first.FencingToken);
        Assert.Null(await store.RenewLeaseAsync(first, Minute));
        Assert.True(await store.SavePositionAsync(second, new StreamPosition(5, 2)));
        Assert.False(await store.SavePositionAsync(first, new StreamPosition(9, 1)));
        Assert.Equal(new StreamPosition(5, 2), await store.GetPositionAsync("p"));
    }

    [Fact]
    public async Task A_position_write_under_a_lease_taken_over_is_refused_even_before_the_new_holder_wrote_one()
    {
        IPumpStateStore store = await CreateStoreAsync();
        PumpLease first = (await store.TryAcquireLeaseAsync("p", "one", Minute))!;
        Assert.True(await store.SavePositionAsync(first, new StreamPosition(1, 1)));
        Time.Advance(TimeSpan.FromSeconds(61));
        Assert.NotNull(await store.TryAcquireLeaseAsync("p", "two", Minute));

        Assert.False(await store.SavePositionAsync(first, new StreamPosition(2, 1)));
        Assert.Equal(new StreamPosition(1, 1), await store.GetPositionAsync("p"));
    }

    [Fact]
    public async Task Snapshot_progress_round_trips_and_is_fenced_like_the_position()
    {
        IPumpStateStore store = await CreateStoreAsync();
        Assert.Null(await store.GetSnapshotAsync("s"));
        PumpLease first = (await store.TryAcquireLeaseAsync("s", "one", Minute))!;
        var progress = new SnapshotProgress(new StreamPosition(7, 3), SnapshotPhase.Edges, "follows-9", 42);

        Assert.True(await store.SaveSnapshotAsync(first, progress));
        Assert.Equal(progress, await store.GetSnapshotAsync("s"));

        Time.Advance(TimeSpan.FromSeconds(61));
        PumpLease second = (await store.TryAcquireLeaseAsync("s", "two", Minute))!;
        var done = new SnapshotProgress(null, SnapshotPhase.Done, null, 50);
        Assert.True(await store.SaveSnapshotAsync(second, done));
        Assert.False(await store.SaveSnapshotAsync(first, progress));
        Assert.Equal(done, await store.GetSnapshotAsync("s"));
    }

    [Fact]
    public async Task Renewing_extends_the_lease_and_releasing_frees_it_at_once()
    {
        IPumpStateStore store = await CreateStoreAsync();
        PumpLease lease = (await store.TryAcquireLeaseAsync("p", "one", Minute))!;
        Time.Advance(TimeSpan.FromSeconds(50));
        PumpLease renewed = (await store.RenewLeaseAsync(lease, Minute))!;
        Time.Advance(TimeSpan.FromSeconds(50));

        Assert.Null(await store.TryAcquireLeaseAsync("p", "two", Minute));
        await store.ReleaseLeaseAsync(renewed);
        Assert.NotNull(await store.TryAcquireLeaseAsync("p", "two", Minute));
    }

    [Fact]
    public async Task Positions_start_empty_and_are_kept_per_pump()
    {
        IPumpStateStore store = await CreateStoreAsync();
        PumpLease a = (await store.TryAcquireLeaseAsync("a", "one", Minute))!;

        Assert.Null(await store.GetPositionAsync("a"));
        Assert.True(await store.SavePositionAsync(a, new StreamPosition(3, 7)));
        Assert.Equal(new StreamPosition(3, 7), await store.GetPositionAsync("a"));
        Assert.Null(await store.GetPositionAsync("b"));
    }
}
