namespace Neptune.Streams.Pump.Pumping;

/// <summary>Why <see cref="StreamPump.RunAsync"/> returned.</summary>
public enum PumpStopReason
{
    /// <summary>The deadline (less the margin) was reached.</summary>
    Deadline,

    /// <summary>Nothing new was left and <see cref="PumpOptions.StopWhenCaughtUp"/> is set.</summary>
    CaughtUp,

    /// <summary>The caller cancelled.</summary>
    Cancelled,

    /// <summary>Another pump holds the lease: this one did nothing.</summary>
    LeaseHeldElsewhere,

    /// <summary>The lease was lost (taken over after it expired): this pump stopped writing.</summary>
    LeaseLost,

    /// <summary>Neptune's streams are not enabled on the cluster (<c>UnsupportedOperationException</c>).</summary>
    StreamsDisabled,

    /// <summary>Neptune refused the request (<c>InvalidParameterException</c> and the like): a bug or bad configuration.</summary>
    InvalidRequest,

    /// <summary>Neptune refused the credentials.</summary>
    AccessDenied,

    /// <summary>
    /// The labels of an element change could not be looked up (after retries): the run stopped before writing it and
    /// its position was not moved, so the next run forwards it with labels.
    /// </summary>
    LabelsUnavailable,
}
