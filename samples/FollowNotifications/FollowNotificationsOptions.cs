namespace FollowNotifications;

/// <summary>Where notifications go and where the sample keeps names and its sent-once guard.</summary>
public sealed class FollowNotificationsOptions
{
    private string _queueUrl = "https://sqs.us-east-1.amazonaws.com/123456789012/follow-notifications";
    private string _tableName = "follow-notifications";
    private TimeSpan _guardTime = TimeSpan.FromDays(8);

    /// <summary>The SQS queue notifications are sent to (standard or FIFO).</summary>
    /// <value>A placeholder; on Lambda the <c>NOTIFICATION_QUEUE_URL</c> variable.</value>
    public string QueueUrl
    {
        get => _queueUrl;
        set => _queueUrl = Uri.TryCreate(value, UriKind.Absolute, out _) ? value : throw new ArgumentException("The queue URL must be an absolute URL.", nameof(value));
    }

    /// <summary>
    /// The table (partition key <c>pk</c> (S), sort key <c>sk</c> (S), TTL attribute <c>ttl</c>) holding people's names
    /// (<c>person#{id}</c> / <c>name</c>) and the library's idempotency markers of sent notifications.
    /// </summary>
    /// <value><c>follow-notifications</c>; on Lambda the <c>NOTIFICATIONS_TABLE</c> variable.</value>
    public string TableName
    {
        get => _tableName;
        set => _tableName = !string.IsNullOrWhiteSpace(value) ? value : throw new ArgumentException("The table name cannot be empty.", nameof(value));
    }

    /// <summary>How long a sent notification's idempotency marker is kept: longer than the Kinesis retention, so every possible replay finds it.</summary>
    /// <value>8 days (Kinesis keeps records 7 days at most without long-term retention).</value>
    public TimeSpan GuardTime
    {
        get => _guardTime;
        set => _guardTime = value >= TimeSpan.FromHours(1)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The guard must outlive any replay: at least one hour.");
    }

    /// <summary>Reads the options from the function's environment.</summary>
    public static FollowNotificationsOptions FromEnvironment()
    {
        var options = new FollowNotificationsOptions();
        if (Environment.GetEnvironmentVariable("NOTIFICATION_QUEUE_URL") is { Length: > 0 } queue)
        {
            options.QueueUrl = queue;
        }

        if (Environment.GetEnvironmentVariable("NOTIFICATIONS_TABLE") is { Length: > 0 } table)
        {
            options.TableName = table;
        }

        if (int.TryParse(Environment.GetEnvironmentVariable("NOTIFICATION_GUARD_DAYS"), System.Globalization.CultureInfo.InvariantCulture, out int days))
        {
            options.GuardTime = TimeSpan.FromDays(days);
        }

        return options;
    }
}
