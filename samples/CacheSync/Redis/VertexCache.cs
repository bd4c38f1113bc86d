using System.Globalization;
using System.Text.Json;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.GraphEvents;
using StackExchange.Redis;

namespace CacheSync.Redis;

/// <summary>
/// Writes vertex changes to Redis through <see cref="VertexCacheScript"/>: a hash per vertex with its properties,
/// <c>_labels</c> (a JSON array) and <c>_commit</c>; a delete leaves a tombstone key.
/// </summary>
/// <remarks>
/// The hash is <c>{prefix}vertex:{{id}}</c> and the tombstone <c>{prefix}deleted:{{id}}</c>: separate namespaces, so
/// no vertex id can name another vertex's tombstone (a vertex called <c>X:deleted</c> once erased X's), and one hash
/// tag (<c>{id}</c>), so the script's two keys sit in one slot of a clustered cache.
/// </remarks>
public sealed class VertexCache(IConnectionMultiplexer redis, CacheSyncOptions options)
{
    /// <summary>The hash field holding the commit number of the last change written.</summary>
    public const string CommitField = "_commit";

    /// <summary>The hash field holding the vertex's labels as a JSON array.</summary>
    public const string LabelsField = "_labels";

    /// <summary>The key of a vertex's hash.</summary>
    public RedisKey HashKey(string vertexId) => HashKey(options.KeyPrefix, vertexId);

    /// <summary>The key of a deleted vertex's tombstone.</summary>
    public RedisKey TombstoneKey(string vertexId) => TombstoneKey(options.KeyPrefix, vertexId);

    /// <summary>The key of a vertex's hash under <paramref name="keyPrefix"/>.</summary>
    public static string HashKey(string keyPrefix, string vertexId) => keyPrefix + "vertex:{" + vertexId + "}";

    /// <summary>The key of a deleted vertex's tombstone under <paramref name="keyPrefix"/>.</summary>
    public static string TombstoneKey(string keyPrefix, string vertexId) => keyPrefix + "deleted:{" + vertexId + "}";

    /// <summary>Writes an added or updated vertex unless the cache already holds the same or a newer commit.</summary>
    public Task<CacheWrite> WriteAsync(GraphEvent graphEvent)
    {
        ArgumentNullException.ThrowIfNull(graphEvent);
        var set = new List<RedisValue>();
        var removed = new List<RedisValue>();
        if (graphEvent.Labels.Count > 0)
        {
            set.Add(LabelsField);
            set.Add(JsonSerializer.Serialize(graphEvent.Labels, CacheSyncJsonContext.Default.IReadOnlyListString));
        }

        foreach (PropertyChange change in graphEvent.Properties)
        {
            if (change.Name.StartsWith('_'))
            {
                // Fields starting with '_' belong to the cache; a property of that name would corrupt them.
                throw new Neptune.Streams.Lambda.Handlers.PermanentHandlerException(
                    $"Property '{change.Name}' of {graphEvent} clashes with the cache's own fields (prefix '_').");
            }

            if (change.NewValues.Count == 0)
            {
                removed.Add(change.Name);
                continue;
            }

            set.Add(change.Name);
            set.Add(FieldValue(change.NewValues));
        }

        string op = graphEvent.Kind == GraphEventKind.VertexAdded ? "add" : "update";
        return RunAsync(graphEvent, op, set, removed);
    }

    /// <summary>Deletes a vertex's hash and leaves its tombstone, unless the cache holds a newer commit.</summary>
    public Task<CacheWrite> DeleteAsync(GraphEvent graphEvent)
    {
        ArgumentNullException.ThrowIfNull(graphEvent);
        return RunAsync(graphEvent, "delete", [], []);
    }

    private async Task<CacheWrite> RunAsync(GraphEvent graphEvent, string op, List<RedisValue> set, List<RedisValue> removed)
    {
        var args = new RedisValue[4 + set.Count + removed.Count];
        args[0] = graphEvent.CommitNum.ToString(CultureInfo.InvariantCulture);
        args[1] = op;
        args[2] = (long)Math.Ceiling(options.TombstoneTime.TotalSeconds);
        args[3] = set.Count / 2;
        set.CopyTo(args, 4);
        removed.CopyTo(args, 4 + set.Count);
        RedisKey[] keys = [HashKey(graphEvent.Id), TombstoneKey(graphEvent.Id)];
        RedisResult result = await redis.GetDatabase()
            .ScriptEvaluateAsync(VertexCacheScript.Source, keys, args)
            .ConfigureAwait(false);
        return (CacheWrite)(int)result;
    }

    private static RedisValue FieldValue(IReadOnlyList<PropertyValue> values)
    {
        if (values.Count == 1)
        {
            PropertyValue value = values[0];
            return value.IsDate && value.TryGetDateTimeOffset(out var date)
                ? date.ToString("O", CultureInfo.InvariantCulture)
                : value.ToString();
        }

        // A set-cardinality property: its values as a JSON array.
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (PropertyValue value in values)
            {
                value.WriteTo(json);
            }

            json.WriteEndArray();
        }

        return buffer.WrittenMemory;
    }
}
