namespace Neptune.Streams.Pump.Neptune;

/// <summary>A position in Neptune's stream: the event id of the last record forwarded.</summary>
/// <param name="CommitNum">The commit number.</param>
/// <param name="OpNum">The operation number within the commit.</param>
public readonly record struct StreamPosition(long CommitNum, long OpNum)
{
    /// <summary><c>commitNum:opNum</c>.</summary>
    public override string ToString() => FormattableString.Invariant($"{CommitNum}:{OpNum}");
}
