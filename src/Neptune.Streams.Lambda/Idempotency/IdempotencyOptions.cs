namespace Neptune.Streams.Lambda.Idempotency;

/// <summary>Where idempotency items live and how long their markers hold.</summary>
public sealed class IdempotencyOptions
{
    private bool _frozen;
    private string _tableName = "neptune-streams";
    private TimeSpan _inProgressExpiry = TimeSpan.FromMinutes(2);
    private TimeSpan _claimMargin = TimeSpan.FromSeconds(2);
    private TimeSpan _completedTimeToLive = TimeSpan.FromDays(7);

    /// <summary>The DynamoDB table (keys <c>pk</c>, <c>sk</c>; TTL attribute <c>ttl</c>), shared with checkpoints.</summary>
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

    /// <summary>
    /// How long an in-progress marker holds when the claiming code runs outside a Lambda invocation with a known
    /// deadline (local runs, tools). Inside a batch the marker expires <see cref="ClaimMarginAfterDeadline"/> after
    /// the invocation's deadline instead, because Lambda stops the holder then.
    /// </summary>
    /// <value>2 minutes.</value>
    public TimeSpan InProgressExpiry
    {
        get => _inProgressExpiry;
        set
        {
            OptionsGuard.ThrowIfFrozen(_frozen);
            _inProgressExpiry = value > TimeSpan.Zero
                ? value
                : throw new ArgumentOutOfRangeException(nameof(value), value, "The expiry must be positive.");
        }
    }

    /// <summary>
    /// How long after the claiming invocation's Lambda deadline its in-progress marker still holds. A redelivery that
    /// meets a live marker waits for it (within its own deadline) and then takes it over, so a crashed invocation
    /// costs at most one or two of the event source mapping's retries. The margin covers requests still in flight
    /// when the holder was stopped and the clock difference between Lambda hosts (which is far smaller); a taker whose
    /// clock runs ahead of the holder's by more than this could take a claim over early.
    /// </summary>
    /// <value>2 s.</value>
    public TimeSpan ClaimMarginAfterDeadline
    {
        get => _claimMargin;
        set
        {
            OptionsGuard.ThrowIfFrozen(_frozen);
            _claimMargin = value >= TimeSpan.Zero
                ? value
                : throw new ArgumentOutOfRangeException(nameof(value), value, "The margin cannot be negative.");
        }
    }

    /// <summary>How long a completion marker is kept (DynamoDB TTL): make it longer than the stream's retention.</summary>
    /// <value>7 days.</value>
    public TimeSpan CompletedTimeToLive
    {
        get => _completedTimeToLive;
        set
        {
            OptionsGuard.ThrowIfFrozen(_frozen);
            _completedTimeToLive = value > TimeSpan.Zero
                ? value
                : throw new ArgumentOutOfRangeException(nameof(value), value, "The time to live must be positive.");
        }
    }

    /// <summary>Makes every setter throw from now on (the function is built).</summary>
    internal void Freeze() => _frozen = true;
}
