namespace CacheSync;

/// <summary>Where the cache lives and how long a deleted vertex is remembered.</summary>
public sealed class CacheSyncOptions
{
    private string _redis = "localhost:6379";
    private string _keyPrefix = "graph:";
    private TimeSpan _tombstoneTime = TimeSpan.FromDays(1);

    /// <summary>The StackExchange.Redis configuration string (<c>host:port,ssl=true,password=…</c>).</summary>
    /// <value><c>localhost:6379</c>; on Lambda the <c>REDIS_CONFIGURATION</c> variable.</value>
    public string Redis
    {
        get => _redis;
        set => _redis = !string.IsNullOrWhiteSpace(value) ? value : throw new ArgumentException("The Redis configuration cannot be empty.", nameof(value));
    }

    /// <summary>
    /// The prefix of the cache's keys: a vertex's hash is <c>{prefix}vertex:{{id}}</c>, its tombstone
    /// <c>{prefix}deleted:{{id}}</c>.
    /// </summary>
    /// <value><c>graph:</c>.</value>
    public string KeyPrefix
    {
        get => _keyPrefix;
        set => _keyPrefix = !string.IsNullOrEmpty(value) ? value : throw new ArgumentException("The key prefix cannot be empty.", nameof(value));
    }

    /// <summary>
    /// How long a deleted vertex's tombstone (its delete's commit number) is kept, so a late, older add or update of
    /// the same vertex cannot bring it back. Longer than the Kinesis retention is always safe.
    /// </summary>
    /// <value>1 day.</value>
    public TimeSpan TombstoneTime
    {
        get => _tombstoneTime;
        set => _tombstoneTime = value >= TimeSpan.FromSeconds(1)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "Tombstones must live at least one second.");
    }

    /// <summary>Reads the options from the function's environment (<c>REDIS_CONFIGURATION</c>, <c>CACHE_TOMBSTONE_HOURS</c>).</summary>
    public static CacheSyncOptions FromEnvironment()
    {
        var options = new CacheSyncOptions();
        if (Environment.GetEnvironmentVariable("REDIS_CONFIGURATION") is { Length: > 0 } redis)
        {
            options.Redis = redis;
        }

        if (double.TryParse(Environment.GetEnvironmentVariable("CACHE_TOMBSTONE_HOURS"), System.Globalization.CultureInfo.InvariantCulture, out double hours))
        {
            options.TombstoneTime = TimeSpan.FromHours(hours);
        }

        return options;
    }
}
