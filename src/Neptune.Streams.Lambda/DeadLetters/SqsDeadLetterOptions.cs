namespace Neptune.Streams.Lambda.DeadLetters;

/// <summary>Where poison records go: an SQS queue, and an S3 bucket for records too large for one message.</summary>
public sealed class SqsDeadLetterOptions
{
    private bool _frozen;
    private string _queueUrl = string.Empty;
    private string _keyPrefix = "dead-letters/";
    private int _maxMessageBytes = 256 * 1024;

    /// <summary>The queue's URL.</summary>
    /// <value>Empty: must be set.</value>
    internal string QueueUrl
    {
        get => _queueUrl;
        set
        {
            OptionsGuard.ThrowIfFrozen(_frozen);
            _queueUrl = Uri.TryCreate(value, UriKind.Absolute, out _)
                ? value
                : throw new ArgumentException("The dead-letter queue URL must be an absolute URL.", nameof(value));
        }
    }

    /// <summary>The bucket for records too large for one SQS message; null reports such records as failures instead.</summary>
    /// <value>null.</value>
    public string? LargeRecordBucket { get; set { OptionsGuard.ThrowIfFrozen(_frozen); field = value; } }

    /// <summary>The prefix of the S3 keys large records are stored under.</summary>
    /// <value><c>dead-letters/</c>.</value>
    public string KeyPrefix
    {
        get => _keyPrefix;
        set
        {
            OptionsGuard.ThrowIfFrozen(_frozen);
            _keyPrefix = value ?? throw new ArgumentNullException(nameof(value));
        }
    }

    /// <summary>The largest message body sent to SQS, in UTF-8 bytes; larger ones go to S3.</summary>
    /// <value>262,144 (256 KiB, SQS's classic limit).</value>
    public int MaxMessageBytes
    {
        get => _maxMessageBytes;
        set
        {
            OptionsGuard.ThrowIfFrozen(_frozen);
            _maxMessageBytes = value is >= 1024 and <= 1024 * 1024
                ? value
                : throw new ArgumentOutOfRangeException(nameof(value), value, "Between 1 KiB and 1 MiB.");
        }
    }

    /// <summary>Makes every setter throw from now on (the function is built).</summary>
    internal void Freeze() => _frozen = true;
}
