namespace Neptune.Streams.Lambda.GraphEvents;

/// <summary>What became of closing an open group of change records.</summary>
internal enum AssemblyOutcome
{
    /// <summary>The event was built.</summary>
    Built,

    /// <summary>The event is over a cap (labels or property keys): it is poison, for the reason given.</summary>
    Poison,

    /// <summary>The deadline came while assembling: the group stays unhandled, to be redelivered.</summary>
    Cancelled,
}
