namespace Neptune.Streams.Pump.Neptune;

/// <summary>
/// The result of one stream read: a page of records or the outcome that replaced it. The records' JSON lies in the page's
/// pooled bytes, which <see cref="Dispose"/> hands back: a page is done with once it is forwarded.
/// </summary>
internal sealed class StreamPage : IDisposable
{
    public required StreamReadOutcome Outcome { get; init; }

    public IReadOnlyList<StreamRecord> Records { get; init; } = [];

    /// <summary>The error code and message when the read did not return records.</summary>
    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    public long LastTrxTimestamp { get; init; }

    /// <summary>The pooled bytes the records' JSON points into, if any.</summary>
    public IDisposable? Body { get; init; }

    /// <summary>Hands the page's bytes back; its records must not be read after.</summary>
    public void Dispose() => Body?.Dispose();
}
