namespace Neptune.Streams.Lambda.GraphEvents;

/// <summary>What a commit did to one property.</summary>
public enum PropertyChangeKind
{
    /// <summary>Values were added and none removed.</summary>
    Added,

    /// <summary>Values were removed and none added.</summary>
    Removed,

    /// <summary>Values were removed and others added: an update (Neptune writes REMOVE of the old, ADD of the new).</summary>
    Changed,
}
