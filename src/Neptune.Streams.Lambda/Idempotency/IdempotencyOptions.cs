namespace Neptune.Streams.Lambda.Idempotency;

/// <summary>Where idempotency items live and how long their markers hold.</summary>
public sealed class IdempotencyOptions
{
    private string _tableName = "neptune-streams";
    private TimeSpan _inProgressExpiry = TimeSpan.FromMinutes(2);
    private TimeSpan _completedTimeToLive = TimeSpan.FromDays(7);

    /// <summary>The DynamoDB table (keys <c>pk</c>, <c>sk</c>; TTL attribute <c>ttl</c>), shared with checkpoints.</summary>
    /// <value><c>neptune-streams</c>.</value>
    public string TableName
    {
        get => _tableName;
        set => _tableName = !string.IsNullOrWhiteSpace(value) && value.Length is >= 3 and <= 255
            ? value
            : throw new ArgumentException("A DynamoDB table name has 3 to 255 characters.", nameof(value));
    }

    /// <summary>
    /// How long an in-progress marker holds before another invocation may take it over (the holder crashed). Make it
    /// longer than one handler call with its retries.
    /// </summary>
    /// <value>2 minutes.</value>
    public TimeSpan InProgressExpiry
    {
        get => _inProgressExpiry;
        set => _inProgressExpiry = value > TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The expiry must be positive.");
    }

    /// <summary>How long a completion marker is kept (DynamoDB TTL): make it longer than the stream's retention.</summary>
    /// <value>7 days.</value>
    public TimeSpan CompletedTimeToLive
    {
        get => _completedTimeToLive;
        set => _completedTimeToLive = value > TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The time to live must be positive.");
    }
}
