namespace AuditLog;

/// <summary>Where audit items go, how long they live and whether they hold property values.</summary>
public sealed class AuditLogOptions
{
    private string _tableName = "neptune-audit";
    private TimeSpan _retention = TimeSpan.FromDays(365);

    /// <summary>The audit table: partition key <c>elementId</c> (S), sort key <c>eventId</c> (S), TTL attribute <c>expiresAt</c>.</summary>
    /// <value><c>neptune-audit</c>; on Lambda the <c>AUDIT_TABLE</c> variable.</value>
    public string TableName
    {
        get => _tableName;
        set => _tableName = !string.IsNullOrWhiteSpace(value) ? value : throw new ArgumentException("The table name cannot be empty.", nameof(value));
    }

    /// <summary>How long an item is kept after its commit (DynamoDB's TTL deletes it afterwards, within a few days).</summary>
    /// <value>365 days; on Lambda the <c>AUDIT_RETENTION_DAYS</c> variable.</value>
    public TimeSpan Retention
    {
        get => _retention;
        set => _retention = value >= TimeSpan.FromDays(1)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "Audit items must be kept at least one day.");
    }

    /// <summary>
    /// Whether items hold the old and new property values. Off by default: values may be personal data, and an audit
    /// trail of names alone says who changed what and when.
    /// </summary>
    /// <value>false; on Lambda the <c>AUDIT_INCLUDE_VALUES</c> variable (<c>true</c>/<c>false</c>).</value>
    public bool IncludeValues { get; set; }

    /// <summary>Reads the options from the function's environment.</summary>
    public static AuditLogOptions FromEnvironment()
    {
        var options = new AuditLogOptions();
        if (Environment.GetEnvironmentVariable("AUDIT_TABLE") is { Length: > 0 } table)
        {
            options.TableName = table;
        }

        if (int.TryParse(Environment.GetEnvironmentVariable("AUDIT_RETENTION_DAYS"), System.Globalization.CultureInfo.InvariantCulture, out int days))
        {
            options.Retention = TimeSpan.FromDays(days);
        }

        options.IncludeValues = bool.TryParse(Environment.GetEnvironmentVariable("AUDIT_INCLUDE_VALUES"), out bool include) && include;
        return options;
    }
}
