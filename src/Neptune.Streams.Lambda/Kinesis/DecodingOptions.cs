namespace Neptune.Streams.Lambda.Kinesis;

/// <summary>Limits that keep a hostile or broken payload from exhausting the function's memory.</summary>
public sealed class DecodingOptions
{
    private bool _frozen;
    private int _maxInflatedBytes = DefaultMaxInflatedBytes;
    private long _maxInflatedBytesPerRecord = DefaultMaxInflatedBytesPerRecord;
    private long _maxInflatedBytesPerBatch = DefaultMaxInflatedBytesPerBatch;
    private int _maxLabelsPerEvent = DefaultMaxLabelsPerEvent;
    private int _maxPropertiesPerEvent = DefaultMaxPropertiesPerEvent;

    /// <summary>The default of <see cref="MaxInflatedBytes"/>: 32 MiB.</summary>
    internal const int DefaultMaxInflatedBytes = 32 * 1024 * 1024;

    /// <summary>The default of <see cref="MaxInflatedBytesPerRecord"/>: 64 MiB.</summary>
    internal const long DefaultMaxInflatedBytesPerRecord = 64L * 1024 * 1024;

    /// <summary>The default of <see cref="MaxInflatedBytesPerBatch"/>: 256 MiB.</summary>
    internal const long DefaultMaxInflatedBytesPerBatch = 256L * 1024 * 1024;

    /// <summary>The default of <see cref="MaxLabelsPerEvent"/>: 5,000.</summary>
    internal const int DefaultMaxLabelsPerEvent = 5_000;

    /// <summary>The default of <see cref="MaxPropertiesPerEvent"/>: 5,000.</summary>
    internal const int DefaultMaxPropertiesPerEvent = 5_000;

    /// <summary>
    /// The largest size a gzip-compressed payload may inflate to; a larger one is a poison record (a gzip bomb
    /// must not take the batch down).
    /// </summary>
    /// <value>32 MiB.</value>
    public int MaxInflatedBytes
    {
        get => _maxInflatedBytes;
        set
        {
            OptionsGuard.ThrowIfFrozen(_frozen);
            _maxInflatedBytes = value > 0
                ? value
                : throw new ArgumentOutOfRangeException(nameof(value), value, "The inflated-size limit must be positive.");
        }
    }

    /// <summary>
    /// The most one Kinesis record may inflate to in all (a KPL aggregate of gzip sub-records adds up its
    /// sub-records); the sub-record that would cross it, and any after it, are poison. Sub-records are inflated one
    /// at a time, so memory holds at most one of them.
    /// </summary>
    /// <value>64 MiB.</value>
    public long MaxInflatedBytesPerRecord
    {
        get => _maxInflatedBytesPerRecord;
        set
        {
            OptionsGuard.ThrowIfFrozen(_frozen);
            _maxInflatedBytesPerRecord = value > 0
                ? value
                : throw new ArgumentOutOfRangeException(nameof(value), value, "The per-record inflated-size limit must be positive.");
        }
    }

    /// <summary>
    /// The most one batch may inflate to in all. The record that would cross it is not poison: the batch stops before
    /// it and reports it, and Lambda redelivers it in a fresh invocation. Raised to
    /// <see cref="MaxInflatedBytesPerRecord"/> if set lower, so that one record always fits a fresh batch.
    /// </summary>
    /// <value>256 MiB.</value>
    public long MaxInflatedBytesPerBatch
    {
        get => Math.Max(_maxInflatedBytesPerBatch, _maxInflatedBytesPerRecord);
        set
        {
            OptionsGuard.ThrowIfFrozen(_frozen);
            _maxInflatedBytesPerBatch = value > 0
                ? value
                : throw new ArgumentOutOfRangeException(nameof(value), value, "The per-batch inflated-size limit must be positive.");
        }
    }

    /// <summary>
    /// The most distinct labels one graph event may carry; an event with more is a poison record (a graph writer must
    /// not be able to make every retry of a batch time out).
    /// </summary>
    /// <value>5,000.</value>
    public int MaxLabelsPerEvent
    {
        get => _maxLabelsPerEvent;
        set
        {
            OptionsGuard.ThrowIfFrozen(_frozen);
            _maxLabelsPerEvent = value > 0
                ? value
                : throw new ArgumentOutOfRangeException(nameof(value), value, "The label limit must be positive.");
        }
    }

    /// <summary>The most distinct property keys one graph event may carry; an event with more is a poison record.</summary>
    /// <value>5,000.</value>
    public int MaxPropertiesPerEvent
    {
        get => _maxPropertiesPerEvent;
        set
        {
            OptionsGuard.ThrowIfFrozen(_frozen);
            _maxPropertiesPerEvent = value > 0
                ? value
                : throw new ArgumentOutOfRangeException(nameof(value), value, "The property-key limit must be positive.");
        }
    }

    /// <summary>Makes every setter throw from now on (the function is built).</summary>
    internal void Freeze() => _frozen = true;
}
