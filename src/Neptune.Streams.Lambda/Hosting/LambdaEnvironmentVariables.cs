namespace Neptune.Streams.Lambda.Hosting;

/// <summary>The environment variables Lambda sets (or that the runtime sets for the function's own code).</summary>
internal static class LambdaEnvironmentVariables
{
    /// <summary><c>host:port</c> of the Runtime API.</summary>
    public const string RuntimeApi = "AWS_LAMBDA_RUNTIME_API";

    /// <summary>The function's name.</summary>
    public const string FunctionName = "AWS_LAMBDA_FUNCTION_NAME";

    /// <summary>The X-Ray trace header of the current invocation, read by the AWS SDKs.</summary>
    public const string TraceId = "_X_AMZN_TRACE_ID";
}
