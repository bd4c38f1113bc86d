using Neptune.Streams.Pump.Kinesis;

namespace Neptune.Streams.Local.EventSourceMapping;

/// <summary>The settings of a Kinesis event source mapping, with Lambda's names, ranges and defaults.</summary>
public sealed class EventSourceMappingOptions
{
    private string _streamName = "neptune-changes";
    private int _batchSize = 100;
    private TimeSpan _maximumBatchingWindow = TimeSpan.Zero;
    private int _maximumRetryAttempts = -1;
    private TimeSpan? _maximumRecordAge;
    private int _parallelizationFactor = 1;
    private TimeSpan _pollInterval = TimeSpan.FromMilliseconds(200);
    private TimeSpan _retryDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>The Kinesis stream to read.</summary>
    /// <value><c>neptune-changes</c>.</value>
    public string StreamName
    {
        get => _streamName;
        set
        {
            ArgumentException.ThrowIfNullOrEmpty(value);
            _streamName = value;
        }
    }

    /// <summary><c>BatchSize</c>: the most records per invocation.</summary>
    /// <value>100; 1 to 10,000.</value>
    public int BatchSize
    {
        get => _batchSize;
        set => _batchSize = value is >= 1 and <= 10_000 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "BatchSize is 1 to 10,000.");
    }

    /// <summary><c>MaximumBatchingWindowInSeconds</c>: how long to gather records before invoking with a batch that is not full.</summary>
    /// <value>0; up to 300 s.</value>
    public TimeSpan MaximumBatchingWindow
    {
        get => _maximumBatchingWindow;
        set => _maximumBatchingWindow = value >= TimeSpan.Zero && value <= TimeSpan.FromSeconds(300)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The batching window is 0 to 300 s.");
    }

    /// <summary><c>FunctionResponseTypes: [ReportBatchItemFailures]</c>: whether the response's <c>batchItemFailures</c> count.</summary>
    /// <value>true.</value>
    public bool ReportBatchItemFailures { get; set; } = true;

    /// <summary><c>BisectBatchOnFunctionError</c>: split a failing batch in two and retry the halves.</summary>
    /// <value>false.</value>
    public bool BisectBatchOnFunctionError { get; set; }

    /// <summary><c>MaximumRetryAttempts</c>: retries of a failing batch before it goes to the on-failure destination; -1 for no limit.</summary>
    /// <value>-1; -1 to 10,000.</value>
    public int MaximumRetryAttempts
    {
        get => _maximumRetryAttempts;
        set => _maximumRetryAttempts = value is >= -1 and <= 10_000 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaximumRetryAttempts is -1 to 10,000.");
    }

    /// <summary><c>MaximumRecordAgeInSeconds</c>: records older than this are not invoked but sent to the on-failure destination; null for no limit.</summary>
    /// <value>null (Lambda's -1).</value>
    public TimeSpan? MaximumRecordAge
    {
        get => _maximumRecordAge;
        set => _maximumRecordAge = value is null || value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The age must be positive.");
    }

    /// <summary><c>ParallelizationFactor</c>: concurrent batches per shard; records of one partition key stay in order.</summary>
    /// <value>1; 1 to 10.</value>
    public int ParallelizationFactor
    {
        get => _parallelizationFactor;
        set => _parallelizationFactor = value is >= 1 and <= 10 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "ParallelizationFactor is 1 to 10.");
    }

    /// <summary><c>StartingPosition</c>.</summary>
    /// <value><see cref="ShardIteratorKind.TrimHorizon"/>.</value>
    public ShardIteratorKind StartingPosition { get; set; } = ShardIteratorKind.TrimHorizon;

    /// <summary>How long a shard reader waits after finding no new records.</summary>
    /// <value>200 ms.</value>
    public TimeSpan PollInterval
    {
        get => _pollInterval;
        set => _pollInterval = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The interval cannot be negative.");
    }

    /// <summary>How long to wait before retrying a failed batch.</summary>
    /// <value>50 ms.</value>
    public TimeSpan RetryDelay
    {
        get => _retryDelay;
        set => _retryDelay = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The delay cannot be negative.");
    }

    /// <summary>Where records go that are given up; null drops them (as Lambda does without a destination), counted in the stats.</summary>
    public Func<OnFailureRecord, CancellationToken, Task>? OnFailure { get; set; }

    /// <summary>Whether <see cref="KinesisEventSourceMapping.RunAsync"/> returns once every shard has been read to its end and handled, instead of polling.</summary>
    /// <value>false.</value>
    public bool StopWhenIdle { get; set; }

    /// <summary>The function ARN written into events and on-failure messages.</summary>
    /// <value><c>arn:aws:lambda:us-east-1:000000000000:function:local</c>.</value>
    public string FunctionArn { get; set; } = "arn:aws:lambda:us-east-1:000000000000:function:local";

    /// <summary>The region written into events.</summary>
    /// <value><c>us-east-1</c>.</value>
    public string Region { get; set; } = "us-east-1";
}
