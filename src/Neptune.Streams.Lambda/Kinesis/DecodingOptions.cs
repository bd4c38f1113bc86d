namespace Neptune.Streams.Lambda.Kinesis;

/// <summary>Limits that keep a hostile or broken payload from exhausting the function's memory.</summary>
public sealed class DecodingOptions
{
    private int _maxInflatedBytes = DefaultMaxInflatedBytes;

    /// <summary>The default of <see cref="MaxInflatedBytes"/>: 32 MiB.</summary>
    public const int DefaultMaxInflatedBytes = 32 * 1024 * 1024;

    /// <summary>
    /// The largest size a gzip-compressed payload may inflate to; a larger one is a poison record (a gzip bomb
    /// must not take the batch down).
    /// </summary>
    /// <value>32 MiB.</value>
    public int MaxInflatedBytes
    {
        get => _maxInflatedBytes;
        set => _maxInflatedBytes = value > 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The inflated-size limit must be positive.");
    }
}
