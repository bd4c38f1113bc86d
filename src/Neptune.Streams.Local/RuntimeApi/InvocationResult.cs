using System.Text;

namespace Neptune.Streams.Local.RuntimeApi;

/// <summary>What the function answered to one emulated invocation.</summary>
public sealed class InvocationResult
{
    internal InvocationResult(string requestId, string traceId, InvocationOutcome outcome, byte[] body, string? errorType)
    {
        RequestId = requestId;
        TraceId = traceId;
        Outcome = outcome;
        Body = body;
        ErrorType = errorType;
    }

    /// <summary>The invocation's request id (<c>Lambda-Runtime-Aws-Request-Id</c>).</summary>
    public string RequestId { get; }

    /// <summary>The trace header the invocation carried (<c>Lambda-Runtime-Trace-Id</c>).</summary>
    public string TraceId { get; }

    /// <summary>How the invocation ended.</summary>
    public InvocationOutcome Outcome { get; }

    /// <summary>The response, or the error body (<c>{errorMessage, errorType, stackTrace}</c>); empty after a timeout.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The body as UTF-8 text.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body.Span);

    /// <summary>The <c>Lambda-Runtime-Function-Error-Type</c> header of an error, or null.</summary>
    public string? ErrorType { get; }

    /// <summary><c>Outcome Id: body</c>, for test failure messages.</summary>
    public override string ToString() => $"{Outcome} {RequestId} {ErrorType}: {BodyText}";
}
