namespace Neptune.Streams.Lambda.Testing;

/// <summary>The event source mapping settings that decide what happens to a failing batch.</summary>
/// <param name="ReportBatchItemFailures">Whether the response's <c>batchItemFailures</c> count.</param>
/// <param name="BisectBatchOnFunctionError">Whether a batch whose invocation threw is split in two.</param>
/// <param name="MaximumRetryAttempts">Retries before a batch is given up; -1 for no limit.</param>
/// <param name="MaximumRecordAge">Records older than this are given up without being invoked; null for no limit.</param>
/// <param name="RetryDelay">The wait before a retry.</param>
internal sealed record BatchRetrySettings(
    bool ReportBatchItemFailures, bool BisectBatchOnFunctionError, int MaximumRetryAttempts, TimeSpan? MaximumRecordAge, TimeSpan RetryDelay);
