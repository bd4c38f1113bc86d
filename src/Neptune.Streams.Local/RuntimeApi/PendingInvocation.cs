namespace Neptune.Streams.Local.RuntimeApi;

/// <summary>An invocation queued for, or handed to, the function, until its answer comes.</summary>
internal sealed class PendingInvocation(string requestId, string traceId, byte[] payload, TimeSpan timeout)
{
    public string RequestId { get; } = requestId;

    public string TraceId { get; } = traceId;

    public byte[] Payload { get; } = payload;

    public TimeSpan Timeout { get; } = timeout;

    public TaskCompletionSource<InvocationResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ITimer? TimeoutTimer { get; set; }

    public bool Complete(InvocationOutcome outcome, byte[] body, string? errorType)
    {
        TimeoutTimer?.Dispose();
        return Completion.TrySetResult(new InvocationResult(RequestId, TraceId, outcome, body, errorType));
    }
}
