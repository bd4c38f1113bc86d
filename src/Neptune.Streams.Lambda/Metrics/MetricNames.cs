namespace Neptune.Streams.Lambda.Metrics;

/// <summary>The metric and dimension names (alarms in template.yaml refer to them: rename nowhere).</summary>
internal static class MetricNames
{
    public const string RecordsProcessed = "RecordsProcessed";
    public const string EventsDispatched = "EventsDispatched";
    public const string Errors = "Errors";
    public const string PoisonRecords = "PoisonRecords";
    public const string DuplicatesSkipped = "DuplicatesSkipped";
    public const string Retries = "Retries";

    /// <summary>Event properties a typed handler bound to no member of its type.</summary>
    public const string UnboundProperties = "UnboundProperties";

    /// <summary>Milliseconds from the Neptune commit to handling (the largest in the batch).</summary>
    public const string StreamLag = "StreamLag";

    /// <summary>Milliseconds from Kinesis arrival to handling (the largest in the batch).</summary>
    public const string KinesisLag = "KinesisLag";

    /// <summary>Milliseconds a batch took; with the <c>Handler</c> dimension, the milliseconds of each handler call.</summary>
    public const string Latency = "Latency";

    public const string FunctionNameDimension = "FunctionName";
    public const string EventKindDimension = "EventKind";
    public const string HandlerDimension = "Handler";
}
