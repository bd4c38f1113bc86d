namespace Neptune.Streams.Pump.Kinesis;

/// <summary>The result of a <c>PutRecords</c> call, one entry per record in request order.</summary>
/// <param name="Entries">The per-record results.</param>
public sealed record KinesisPutResult(IReadOnlyList<KinesisPutEntryResult> Entries)
{
    /// <summary>How many entries failed.</summary>
    public int FailedCount => Entries.Count(e => !e.Succeeded);
}
