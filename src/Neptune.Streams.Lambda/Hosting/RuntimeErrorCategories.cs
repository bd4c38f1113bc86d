namespace Neptune.Streams.Lambda.Hosting;

/// <summary>The values of <c>Lambda-Runtime-Function-Error-Type</c> this runtime sends (Lambda's <c>Category.Reason</c> form).</summary>
internal static class RuntimeErrorCategories
{
    /// <summary>The payload is not a Lambda Kinesis event.</summary>
    public const string InvalidEvent = "Runtime.InvalidEvent";

    /// <summary>The function threw while handling an invocation.</summary>
    public const string Unhandled = "Runtime.UnhandledException";

    /// <summary>The function's <c>Configure</c> or its services failed.</summary>
    public const string InitError = "Runtime.InitError";
}
