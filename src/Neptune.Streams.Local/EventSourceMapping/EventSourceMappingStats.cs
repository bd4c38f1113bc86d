namespace Neptune.Streams.Local.EventSourceMapping;

/// <summary>What an emulator run did; read while it runs or after.</summary>
public sealed class EventSourceMappingStats
{
    private long _invocations;
    private long _recordsSucceeded;
    private long _functionErrors;
    private long _partialFailures;
    private long _recordsSentToOnFailure;

    /// <summary>Function invocations.</summary>
    public long Invocations => Interlocked.Read(ref _invocations);

    /// <summary>Records whose batch (or batch prefix) the function reported handled.</summary>
    public long RecordsSucceeded => Interlocked.Read(ref _recordsSucceeded);

    /// <summary>Invocations that threw.</summary>
    public long FunctionErrors => Interlocked.Read(ref _functionErrors);

    /// <summary>Invocations that reported batch item failures.</summary>
    public long PartialFailures => Interlocked.Read(ref _partialFailures);

    /// <summary>Records given up (retries exhausted or too old).</summary>
    public long RecordsSentToOnFailure => Interlocked.Read(ref _recordsSentToOnFailure);

    internal void Invoked() => Interlocked.Increment(ref _invocations);

    internal void Succeeded(int count) => Interlocked.Add(ref _recordsSucceeded, count);

    internal void FunctionError() => Interlocked.Increment(ref _functionErrors);

    internal void PartialFailure() => Interlocked.Increment(ref _partialFailures);

    internal void GaveUp(int count) => Interlocked.Add(ref _recordsSentToOnFailure, count);
}
