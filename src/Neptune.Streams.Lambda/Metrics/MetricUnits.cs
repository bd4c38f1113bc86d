namespace Neptune.Streams.Lambda.Metrics;

/// <summary>The CloudWatch units this library writes.</summary>
internal static class MetricUnits
{
    public const string Count = "Count";
    public const string Milliseconds = "Milliseconds";
}
