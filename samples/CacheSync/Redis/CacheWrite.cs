namespace CacheSync.Redis;

/// <summary>What the script did with one change.</summary>
public enum CacheWrite
{
    /// <summary>The cache holds the same or a newer commit of this vertex (or its tombstone): nothing changed.</summary>
    Stale = 0,

    /// <summary>The change was applied.</summary>
    Applied = 1,

    /// <summary>An update of a vertex the cache does not hold: skipped, so the cache only ever holds whole vertices.</summary>
    NotCached = 2,
}
