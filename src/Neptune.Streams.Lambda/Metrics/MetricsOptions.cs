namespace Neptune.Streams.Lambda.Metrics;

/// <summary>
/// How batch metrics are written: CloudWatch Embedded Metric Format (EMF) lines on standard output, which CloudWatch
/// Logs turns into metrics with no API call.
/// </summary>
public sealed class MetricsOptions
{
    private bool _frozen;
    private string _namespace = "NeptuneStreams";

    /// <summary>Whether a batch writes metrics at all.</summary>
    /// <value>
    /// true inside Lambda (<c>AWS_LAMBDA_FUNCTION_NAME</c> is set), false elsewhere: run locally, standard output belongs to
    /// the program (tools, tests, <c>--event</c> runs), and EMF lines there would mean nothing to CloudWatch.
    /// </value>
    public bool Enabled { get; set { OptionsGuard.ThrowIfFrozen(_frozen); field = value; } } = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME"));

    /// <summary>The CloudWatch namespace of every metric.</summary>
    /// <value><c>NeptuneStreams</c>.</value>
    /// <exception cref="ArgumentException">Empty, longer than 255 characters, or not printable ASCII.</exception>
    public string Namespace
    {
        get => _namespace;
        set
        {
            OptionsGuard.ThrowIfFrozen(_frozen);
            _namespace = IsValidNamespace(value)
                ? value
                : throw new ArgumentException("A namespace is 1 to 255 printable ASCII characters and does not start with 'AWS/'.", nameof(value));
        }
    }

    /// <summary>Whether metrics carry the <c>FunctionName</c> dimension (without it, metrics have no dimension).</summary>
    /// <value>true.</value>
    public bool FunctionNameDimension { get; set { OptionsGuard.ThrowIfFrozen(_frozen); field = value; } } = true;

    /// <summary>Whether <c>EventsDispatched</c> is also written per event kind (dimension <c>EventKind</c>).</summary>
    /// <value>true.</value>
    public bool EventKindDimension { get; set { OptionsGuard.ThrowIfFrozen(_frozen); field = value; } } = true;

    /// <summary>Whether <c>Latency</c> is also written per handler class (dimension <c>Handler</c>).</summary>
    /// <value>true.</value>
    public bool HandlerDimension { get; set { OptionsGuard.ThrowIfFrozen(_frozen); field = value; } } = true;

    private static bool IsValidNamespace(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 255 || value.StartsWith("AWS/", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (char c in value)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Makes every setter throw from now on (the function is built).</summary>
    internal void Freeze() => _frozen = true;
}
