using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Lambda.Testing;

/// <summary>One invocation of the function by the test host: the batch, and what came back.</summary>
public sealed class EventSourceMappingInvocation
{
    internal EventSourceMappingInvocation(KinesisEvent kinesisEvent, int retryAttempt)
    {
        Event = kinesisEvent;
        RetryAttempt = retryAttempt;
    }

    /// <summary>The event the function was invoked with.</summary>
    public KinesisEvent Event { get; }

    /// <summary>The sequence numbers of the batch, in order.</summary>
    public IReadOnlyList<string> SequenceNumbers => [.. Event.Records.Select(r => r.Kinesis.SequenceNumber)];

    /// <summary>0 for the first invocation of these records, then 1, 2, … (a bisected half keeps its batch's count).</summary>
    public int RetryAttempt { get; }

    /// <summary>The partial-batch response, or null when the invocation threw.</summary>
    public StreamsEventResponse? Response { get; internal set; }

    /// <summary>The exception the invocation threw (a function error), or null.</summary>
    public Exception? Error { get; internal set; }

    /// <summary>Whether the invocation returned without reporting any batch item failure.</summary>
    public bool Succeeded => Error is null && Response is { BatchItemFailures.Count: 0 };
}
