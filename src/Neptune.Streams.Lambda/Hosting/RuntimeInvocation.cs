namespace Neptune.Streams.Lambda.Hosting;

/// <summary>One invocation as <c>/invocation/next</c> returned it: its headers and its payload.</summary>
/// <param name="RequestId">The request id (<c>Lambda-Runtime-Aws-Request-Id</c>).</param>
/// <param name="Deadline">When Lambda stops the invocation (<c>Lambda-Runtime-Deadline-Ms</c>), or null when the header was missing.</param>
/// <param name="InvokedFunctionArn">The invoked function's ARN, or null.</param>
/// <param name="TraceId">The X-Ray trace header, or null.</param>
/// <param name="Payload">The event, as sent.</param>
internal sealed record RuntimeInvocation(
    string RequestId, DateTimeOffset? Deadline, string? InvokedFunctionArn, string? TraceId, byte[] Payload);
