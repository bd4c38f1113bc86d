namespace Neptune.Streams.Lambda.Hosting;

/// <summary>The headers of the Lambda Runtime API (version 2018-06-01).</summary>
internal static class RuntimeApiHeaders
{
    public const string RequestId = "Lambda-Runtime-Aws-Request-Id";
    public const string DeadlineMs = "Lambda-Runtime-Deadline-Ms";
    public const string InvokedFunctionArn = "Lambda-Runtime-Invoked-Function-Arn";
    public const string TraceId = "Lambda-Runtime-Trace-Id";
    public const string FunctionErrorType = "Lambda-Runtime-Function-Error-Type";
}
