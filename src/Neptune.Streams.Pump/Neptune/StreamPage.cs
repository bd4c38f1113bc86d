namespace Neptune.Streams.Pump.Neptune;

/// <summary>The result of one stream read: a page of records or the outcome that replaced it.</summary>
internal sealed class StreamPage
{
    public required StreamReadOutcome Outcome { get; init; }

    public IReadOnlyList<StreamRecord> Records { get; init; } = [];

    /// <summary>The error code and message when the read did not return records.</summary>
    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    public long LastTrxTimestamp { get; init; }
}
