namespace Neptune.Streams.Lambda.Checkpoints;

/// <summary>
/// How a function checkpoints: where, per what, and how often inside a batch. Checkpoints are on once a store is
/// registered (<c>builder.UseDynamoDbCheckpoints(…)</c> or <c>builder.UseInMemoryCheckpoints()</c>).
/// </summary>
public sealed class CheckpointOptions
{
    private bool _frozen;
    private string _tableName = "neptune-streams";
    private int _recordInterval;
    private TimeSpan _timeInterval = TimeSpan.Zero;
    private TimeSpan? _timeToLive;

    /// <summary>The DynamoDB table (keys <c>pk</c>, <c>sk</c>; TTL attribute <c>ttl</c>) shared with idempotency items.</summary>
    /// <value><c>neptune-streams</c>.</value>
    internal string TableName
    {
        get => _tableName;
        set
        {
            OptionsGuard.ThrowIfFrozen(_frozen);
            _tableName = !string.IsNullOrWhiteSpace(value) && value.Length is >= 3 and <= 255
                ? value
                : throw new ArgumentException("A DynamoDB table name has 3 to 255 characters.", nameof(value));
        }
    }

    /// <summary>One checkpoint per shard, or per shard and partition key (needed with ParallelizationFactor above 1).</summary>
    /// <value><see cref="CheckpointScope.Shard"/>.</value>
    public CheckpointScope Scope { get; set { OptionsGuard.ThrowIfFrozen(_frozen); field = value; } } = CheckpointScope.Shard;

    /// <summary>
    /// Also write the checkpoint inside a batch after this many records, so a crash replays at most this many;
    /// 0 turns it off (one write at the end of the batch).
    /// </summary>
    /// <value>0 (off).</value>
    public int RecordInterval
    {
        get => _recordInterval;
        set
        {
            OptionsGuard.ThrowIfFrozen(_frozen);
            _recordInterval = value >= 0
                ? value
                : throw new ArgumentOutOfRangeException(nameof(value), value, "0 (off) or more records.");
        }
    }

    /// <summary>
    /// Also write the checkpoint inside a batch once this long has passed since the last write; zero turns it off.
    /// </summary>
    /// <value><see cref="TimeSpan.Zero"/> (off).</value>
    public TimeSpan TimeInterval
    {
        get => _timeInterval;
        set
        {
            OptionsGuard.ThrowIfFrozen(_frozen);
            _timeInterval = value >= TimeSpan.Zero
                ? value
                : throw new ArgumentOutOfRangeException(nameof(value), value, "Zero (off) or a positive duration.");
        }
    }

    /// <summary>
    /// How long DynamoDB keeps a checkpoint after its last write (TTL), so checkpoints of closed shards go away; null
    /// keeps them. Make it longer than the stream's retention.
    /// </summary>
    /// <value>null (kept).</value>
    public TimeSpan? TimeToLive
    {
        get => _timeToLive;
        set
        {
            OptionsGuard.ThrowIfFrozen(_frozen);
            _timeToLive = value is null || value > TimeSpan.Zero
                ? value
                : throw new ArgumentOutOfRangeException(nameof(value), value, "A positive duration, or null to keep checkpoints.");
        }
    }

    /// <summary>Makes every setter throw from now on (the function is built).</summary>
    internal void Freeze() => _frozen = true;
}
