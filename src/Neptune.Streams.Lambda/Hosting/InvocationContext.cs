namespace Neptune.Streams.Lambda.Hosting;

/// <summary>The Lambda invocation a batch belongs to (the subset of Lambda's context this library uses).</summary>
public sealed class InvocationContext
{
    private string? _awsRequestId;
    private bool _localRequestId;

    /// <summary>
    /// The request id (<c>Lambda-Runtime-Aws-Request-Id</c>); for a <see cref="Local"/> context, a new GUID made on
    /// first read (most batches never read it, and making one costs a read of the system's random source).
    /// </summary>
    public string AwsRequestId
    {
        get => _awsRequestId ?? (_localRequestId ? NewLocalRequestId() : string.Empty);
        init => _awsRequestId = value;
    }

    /// <summary>The function's name.</summary>
    public string FunctionName { get; init; } = string.Empty;

    /// <summary>The invoked function's ARN (<c>Lambda-Runtime-Invoked-Function-Arn</c>).</summary>
    public string? InvokedFunctionArn { get; init; }

    /// <summary>When Lambda stops the invocation (<c>Lambda-Runtime-Deadline-Ms</c>); null when unknown.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>The X-Ray trace header (<c>Lambda-Runtime-Trace-Id</c>), or null.</summary>
    public string? TraceId { get; init; }

    /// <summary>
    /// A context for a run outside the Runtime API loop (the managed runtime's <c>FunctionHandler</c>, tests, tools): no
    /// deadline; the function name and the trace header (<c>_X_AMZN_TRACE_ID</c>, which the managed runtime sets per
    /// invocation) from the environment.
    /// </summary>
    public static InvocationContext Local(string? functionName = null) => new()
    {
        _localRequestId = true,
        FunctionName = functionName ?? Environment.GetEnvironmentVariable(LambdaEnvironmentVariables.FunctionName) ?? "local",
        TraceId = Environment.GetEnvironmentVariable(LambdaEnvironmentVariables.TraceId),
    };

    // Every reader sees the same id, whichever thread made it first.
    private string NewLocalRequestId()
    {
        string id = Guid.NewGuid().ToString();
        return Interlocked.CompareExchange(ref _awsRequestId, id, null) ?? id;
    }
}
