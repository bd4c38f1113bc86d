namespace CacheSync.Redis;

/// <summary>
/// The one Lua script that writes the cache. Redis runs it atomically, so comparing the stored commit number and
/// writing cannot interleave with another writer.
/// </summary>
internal static class VertexCacheScript
{
    // KEYS[1] the vertex hash, KEYS[2] its tombstone (a string holding the delete's commit number).
    // ARGV[1] commit number (decimal), ARGV[2] 'add' | 'update' | 'delete', ARGV[3] tombstone seconds,
    // ARGV[4] n = fields to set, ARGV[5 .. 4+2n] field/value pairs, the rest: fields to remove.
    // Commit numbers are compared as decimal strings (length, then text), so 64-bit values stay exact in Lua.
    public const string Source = """
        local function newer(a, b)
          if not b then return true end
          if #a ~= #b then return #a > #b end
          return a > b
        end
        local commit = ARGV[1]
        local stored = redis.call('HGET', KEYS[1], '_commit')
        local deleted = redis.call('GET', KEYS[2])
        if not newer(commit, stored or nil) or not newer(commit, deleted or nil) then
          return 0
        end
        local op = ARGV[2]
        if op == 'delete' then
          redis.call('DEL', KEYS[1])
          redis.call('SET', KEYS[2], commit, 'EX', tonumber(ARGV[3]))
          return 1
        end
        if op == 'update' and not stored then
          return 2
        end
        if op == 'add' then
          redis.call('DEL', KEYS[1], KEYS[2])
        end
        local n = tonumber(ARGV[4])
        for i = 0, n - 1 do
          redis.call('HSET', KEYS[1], ARGV[5 + 2 * i], ARGV[6 + 2 * i])
        end
        for i = 5 + 2 * n, #ARGV do
          redis.call('HDEL', KEYS[1], ARGV[i])
        end
        redis.call('HSET', KEYS[1], '_commit', commit)
        return 1
        """;
}
