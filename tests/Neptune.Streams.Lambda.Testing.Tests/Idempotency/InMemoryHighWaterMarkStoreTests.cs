using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Idempotency;
using Neptune.Streams.Lambda.Testing;

namespace Neptune.Streams.Lambda.Testing.Tests.Idempotency;

public sealed class InMemoryHighWaterMarkStoreTests
{
    [Fact]
    public async Task TryAdvanceAsync_moves_the_mark_forward_only()
    {
        var store = new InMemoryHighWaterMarkStore();

        Assert.Null(await store.GetAsync("index", "alice"));
        Assert.True(await store.TryAdvanceAsync("index", "alice", new NeptuneEventId(5, 2)));
        Assert.False(await store.TryAdvanceAsync("index", "alice", new NeptuneEventId(5, 2)));
        Assert.False(await store.TryAdvanceAsync("index", "alice", new NeptuneEventId(4, 9)));
        Assert.True(await store.TryAdvanceAsync("index", "alice", new NeptuneEventId(6, 1)));

        Assert.Equal(new NeptuneEventId(6, 1), await store.GetAsync("index", "alice"));
        Assert.Null(await store.GetAsync("other", "alice"));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task ExecuteIfNewerAsync_skips_an_event_at_or_below_the_mark()
    {
        var store = new InMemoryHighWaterMarkStore();
        GraphEvent older = GraphEventBuilder.VertexUpdated("alice").WithProperty("name", "A").AtEvent(5).Build();
        GraphEvent newer = GraphEventBuilder.VertexUpdated("alice").WithProperty("name", "B").AtEvent(6).Build();
        var applied = new List<string>();

        await store.ExecuteIfNewerAsync("index", newer, _ => { applied.Add("newer"); return ValueTask.CompletedTask; });
        await store.ExecuteIfNewerAsync("index", older, _ => { applied.Add("older"); return ValueTask.CompletedTask; });
        await store.ExecuteIfNewerAsync("index", newer, _ => { applied.Add("newer again"); return ValueTask.CompletedTask; });

        Assert.Equal(["newer"], applied);
    }
}
