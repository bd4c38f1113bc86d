namespace Neptune.Streams.Local.RuntimeApi;

/// <summary>How the Runtime API emulator presents itself to the function.</summary>
public sealed class RuntimeApiEmulatorOptions
{
    private TimeSpan _timeoutGrace = TimeSpan.FromSeconds(2);
    private long _maxResponseBytes = 6 * 1024 * 1024;

    /// <summary>The ARN sent as <c>Lambda-Runtime-Invoked-Function-Arn</c>.</summary>
    /// <value><c>arn:aws:lambda:us-east-1:123456789012:function:local</c>.</value>
    public string FunctionArn { get; set; } = "arn:aws:lambda:us-east-1:123456789012:function:local";

    /// <summary>
    /// How long after an invocation's deadline the emulator still waits for the answer before it reports
    /// <see cref="InvocationOutcome.TimedOut"/> (real Lambda stops the function at the deadline).
    /// </summary>
    /// <value>2 s.</value>
    public TimeSpan TimeoutGrace
    {
        get => _timeoutGrace;
        set => _timeoutGrace = value >= TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The grace period cannot be negative.");
    }

    /// <summary>
    /// The largest response or error body the function may post. A larger one is refused with 413 and ends the
    /// invocation as <see cref="InvocationOutcome.Error"/> with <c>Function.ResponseSizeTooLarge</c>.
    /// </summary>
    /// <value>6 MiB (6,291,456 bytes), Lambda's limit for a synchronous response.</value>
    public long MaxResponseBytes
    {
        get => _maxResponseBytes;
        set => _maxResponseBytes = value > 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The limit must be positive.");
    }
}
