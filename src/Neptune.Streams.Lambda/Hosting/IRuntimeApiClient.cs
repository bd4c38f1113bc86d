namespace Neptune.Streams.Lambda.Hosting;

/// <summary>The Lambda Runtime API, as the bootstrap loop uses it; the transport stays out of the loop.</summary>
internal interface IRuntimeApiClient
{
    /// <summary>Waits (long poll, no timeout) for the next invocation.</summary>
    Task<RuntimeInvocation> GetNextInvocationAsync(CancellationToken cancellationToken = default);

    /// <summary>Sends the function's response for <paramref name="requestId"/>.</summary>
    Task SendResponseAsync(string requestId, ReadOnlyMemory<byte> response, CancellationToken cancellationToken = default);

    /// <summary>Reports that the invocation <paramref name="requestId"/> failed.</summary>
    Task SendErrorAsync(string requestId, RuntimeError error, CancellationToken cancellationToken = default);

    /// <summary>Reports that the function could not start; Lambda then ends the execution environment.</summary>
    Task SendInitErrorAsync(RuntimeError error, CancellationToken cancellationToken = default);
}
