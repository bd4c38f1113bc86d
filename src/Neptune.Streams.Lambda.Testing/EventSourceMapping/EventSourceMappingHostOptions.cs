namespace Neptune.Streams.Lambda.Testing;

/// <summary>
/// The event source mapping settings the test host applies, with Lambda's names and the defaults of the project's
/// <c>template.yaml</c> (so a test proves what a deployed function gets).
/// </summary>
public sealed class EventSourceMappingHostOptions
{
    private int _batchSize = 100;
    private int _maximumRetryAttempts = 10;
    private TimeSpan? _maximumRecordAge;

    /// <summary><c>BatchSize</c>: the most records per invocation.</summary>
    /// <value>100; 1 to 10,000.</value>
    public int BatchSize
    {
        get => _batchSize;
        set => _batchSize = value is >= 1 and <= 10_000 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "BatchSize is 1 to 10,000.");
    }

    /// <summary><c>MaximumRetryAttempts</c>: retries of a failing batch before it goes to the on-failure destination; -1 for no limit.</summary>
    /// <value>10, as in the template; -1 to 10,000.</value>
    public int MaximumRetryAttempts
    {
        get => _maximumRetryAttempts;
        set => _maximumRetryAttempts = value is >= -1 and <= 10_000 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "MaximumRetryAttempts is -1 to 10,000.");
    }

    /// <summary><c>BisectBatchOnFunctionError</c>: split a batch whose invocation threw in two and retry the halves.</summary>
    /// <value>true, as in the template.</value>
    public bool BisectBatchOnFunctionError { get; set; } = true;

    /// <summary><c>FunctionResponseTypes: [ReportBatchItemFailures]</c>: whether the response's <c>batchItemFailures</c> count.</summary>
    /// <value>true, as in the template.</value>
    public bool ReportBatchItemFailures { get; set; } = true;

    /// <summary>
    /// <c>MaximumRecordAgeInSeconds</c>: records older than this (by <see cref="TimeProvider"/>, against their arrival
    /// time) are given up without being invoked; null for no limit.
    /// </summary>
    /// <value>null (Lambda's -1), as in the template.</value>
    public TimeSpan? MaximumRecordAge
    {
        get => _maximumRecordAge;
        set => _maximumRecordAge = value is null || value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The age must be positive.");
    }

    /// <summary>The clock for <see cref="MaximumRecordAge"/>.</summary>
    /// <value><see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
