namespace Neptune.Streams.Local.NeptuneEndpoint;

/// <summary>What a stream read found: records, or the error Neptune would answer with.</summary>
internal sealed class StreamReadResult
{
    public IReadOnlyList<ChangeLogEntry> Entries { get; init; } = [];

    public StreamError? Error { get; init; }
}
