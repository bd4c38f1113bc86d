namespace Neptune.Streams.Pump.Snapshot;

/// <summary>
/// Neptune refused a snapshot query for a reason a retry cannot fix (a bad query, no access, no openCypher): the run
/// stops and the snapshot's saved progress is kept for the next run.
/// </summary>
public sealed class SnapshotQueryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SnapshotQueryException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SnapshotQueryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public SnapshotQueryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
