using Microsoft.Extensions.Time.Testing;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Idempotency;
using Neptune.Streams.Lambda.Testing;

namespace Neptune.Streams.Lambda.Testing.Tests.Idempotency;

public sealed class InMemoryIdempotencyStoreTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task ApplyOnceAsync_runs_the_side_effect_once_across_redeliveries()
    {
        var store = new InMemoryIdempotencyStore(timeProvider: _clock);
        GraphEvent added = GraphEventBuilder.VertexAdded("alice", "person").WithProperty("name", "Alice").AtEvent(7).Build();
        int effects = 0;

        bool first = await store.ApplyOnceAsync("welcome", added, (_, _) => { effects++; return ValueTask.CompletedTask; });
        bool second = await store.ApplyOnceAsync("welcome", added, (_, _) => { effects++; return ValueTask.CompletedTask; });
        bool otherHandler = await store.ApplyOnceAsync("audit", added, (_, _) => { effects++; return ValueTask.CompletedTask; });

        Assert.Equal((true, false, true), (first, second, otherHandler));
        Assert.Equal(2, effects);
        Assert.True(store.IsCompleted("welcome", "alice", added.LastEventId));
    }

    [Fact]
    public async Task A_failed_side_effect_releases_its_claim_so_the_retry_runs_it_at_once()
    {
        var store = new InMemoryIdempotencyStore(timeProvider: _clock);
        GraphEvent added = GraphEventBuilder.VertexAdded("alice", "person").Build();

        await Assert.ThrowsAsync<InvalidOperationException>(
            async () => await store.ApplyOnceAsync("welcome", added, (_, _) => throw new InvalidOperationException("down")));
        bool retried = await store.ApplyOnceAsync("welcome", added, (_, _) => ValueTask.CompletedTask);

        Assert.True(retried);
    }

    [Fact]
    public async Task A_live_claim_is_waited_for_and_taken_over_when_it_expires()
    {
        var options = new IdempotencyOptions { InProgressExpiry = TimeSpan.FromMinutes(2) };
        var store = new InMemoryIdempotencyStore(options, _clock);
        var eventId = new NeptuneEventId(7, 3);
        IdempotencyLease crashed = await store.BeginAsync("welcome", "alice", eventId);

        ValueTask<IdempotencyLease> waiting = store.BeginAsync("welcome", "alice", eventId);
        Assert.False(waiting.IsCompleted);
        _clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromMilliseconds(2));
        IdempotencyLease takenOver = await waiting;

        Assert.False(crashed.AlreadyCompleted);
        Assert.False(takenOver.AlreadyCompleted);
    }

    [Fact]
    public async Task A_live_claim_still_held_when_the_token_fires_is_reported_as_in_progress()
    {
        var store = new InMemoryIdempotencyStore(timeProvider: _clock);
        var eventId = new NeptuneEventId(7, 3);
        await store.BeginAsync("welcome", "alice", eventId);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAsync<IdempotencyInProgressException>(async () => await store.BeginAsync("welcome", "alice", eventId, cancelled.Token));
    }

    [Fact]
    public async Task A_completion_covers_only_the_operations_it_went_through_and_expires_after_its_time_to_live()
    {
        var store = new InMemoryIdempotencyStore(new IdempotencyOptions { CompletedTimeToLive = TimeSpan.FromDays(1) }, _clock);
        IdempotencyLease part = await store.BeginAsync("welcome", "alice", new NeptuneEventId(7, 2));
        await store.CompleteAsync(part);

        IdempotencyLease rest = await store.BeginAsync("welcome", "alice", new NeptuneEventId(7, 5));
        Assert.False(rest.AlreadyCompleted);
        Assert.Equal(new NeptuneEventId(7, 2), rest.CompletedThrough);
        await store.CompleteAsync(rest);
        Assert.True((await store.BeginAsync("welcome", "alice", new NeptuneEventId(7, 5))).AlreadyCompleted);

        _clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        Assert.False((await store.BeginAsync("welcome", "alice", new NeptuneEventId(7, 5))).AlreadyCompleted);
    }
}
