using System.Buffers;
using System.Text.Json;
using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.Handlers;

/// <summary>
/// An event's new values as one JSON object, written once per event into a buffer reused per thread: every typed
/// handler of the event, and every retry, deserializes the same bytes instead of writing them again.
/// </summary>
internal static class EventPropertyJson
{
    [ThreadStatic]
    private static Cache? t_cache;

    /// <summary>The event's JSON; valid until the next call on this thread (binding reads it at once).</summary>
    public static ReadOnlySpan<byte> Of(GraphEvent graphEvent)
    {
        Cache cache = t_cache ??= new Cache();
        if (!ReferenceEquals(cache.Event, graphEvent))
        {
            cache.Event = null;
            cache.Buffer.ResetWrittenCount();
            cache.Writer.Reset(cache.Buffer);
            graphEvent.WriteNewValues(cache.Writer);
            cache.Writer.Flush();
            cache.Event = graphEvent;
        }

        return cache.Buffer.WrittenSpan;
    }

    private sealed class Cache
    {
        public ArrayBufferWriter<byte> Buffer { get; } = new(256);

        public Utf8JsonWriter Writer { get; }

        public GraphEvent? Event { get; set; }

        public Cache() => Writer = new Utf8JsonWriter(Buffer);
    }
}
