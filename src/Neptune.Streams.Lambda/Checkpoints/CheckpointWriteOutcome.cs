namespace Neptune.Streams.Lambda.Checkpoints;

/// <summary>What a conditional checkpoint write did.</summary>
public enum CheckpointWriteOutcome
{
    /// <summary>The checkpoint moved forward to the new position.</summary>
    Advanced,

    /// <summary>The stored checkpoint was already at or beyond the new position and was left as it was.</summary>
    AlreadyAtOrBeyond,
}
