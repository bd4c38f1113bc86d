namespace Neptune.Streams.Lambda.Testing;

/// <summary>What a <see cref="BatchRetryLoop{TRecord}"/> tells its owner: invocations, outcomes and records given up.</summary>
/// <typeparam name="TRecord">The owner's record type.</typeparam>
internal interface IBatchRetryListener<TRecord>
{
    /// <summary>A batch is about to be invoked; <paramref name="retries"/> is how often these records were retried.</summary>
    void Invoking(IReadOnlyList<TRecord> batch, int retries);

    /// <summary>The first <paramref name="count"/> records of the batch succeeded.</summary>
    void Succeeded(IReadOnlyList<TRecord> batch, int count);

    /// <summary>The invocation threw.</summary>
    void FunctionError(Exception error);

    /// <summary>The invocation reported batch item failures.</summary>
    void PartialFailure();

    /// <summary>Records are given up: retries exhausted, or (<paramref name="recordAgeExceeded"/>) too old to invoke.</summary>
    Task GiveUpAsync(IReadOnlyList<TRecord> records, bool recordAgeExceeded, int invocations, string? functionError, CancellationToken cancellationToken);
}
