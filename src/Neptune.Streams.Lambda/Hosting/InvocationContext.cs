namespace Neptune.Streams.Lambda.Hosting;

/// <summary>The Lambda invocation a batch belongs to (the subset of Lambda's context this library uses).</summary>
public sealed class InvocationContext
{
    /// <summary>The request id (<c>Lambda-Runtime-Aws-Request-Id</c>).</summary>
    public string AwsRequestId { get; init; } = string.Empty;

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
        AwsRequestId = Guid.NewGuid().ToString(),
        FunctionName = functionName ?? Environment.GetEnvironmentVariable(LambdaEnvironmentVariables.FunctionName) ?? "local",
        TraceId = Environment.GetEnvironmentVariable(LambdaEnvironmentVariables.TraceId),
    };
}
