namespace Neptune.Streams.Lambda.Diagnostics;

/// <summary>
/// The names under which the library publishes traces through <see cref="System.Diagnostics.ActivitySource"/>, so that
/// OpenTelemetry (or any <see cref="System.Diagnostics.ActivityListener"/>) can collect them without the library
/// depending on it: <c>tracing.AddSource(NeptuneStreamsTelemetry.ActivitySourceName)</c>.
/// </summary>
public static class NeptuneStreamsTelemetry
{
    /// <summary>
    /// The activity source: one span per batch (<c>neptune_streams.batch</c>), a child per graph event
    /// (<c>neptune_streams.event</c>) and a grandchild per handler call (<c>neptune_streams.handler</c>). The batch span
    /// continues Lambda's X-Ray trace (<c>_X_AMZN_TRACE_ID</c>) unless an activity is already current.
    /// </summary>
    public const string ActivitySourceName = "Neptune.Streams.Lambda";
}
