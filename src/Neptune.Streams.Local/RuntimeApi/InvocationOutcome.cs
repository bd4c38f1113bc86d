namespace Neptune.Streams.Local.RuntimeApi;

/// <summary>How an emulated invocation ended.</summary>
public enum InvocationOutcome
{
    /// <summary>The function posted a response (<c>/invocation/{id}/response</c>).</summary>
    Response,

    /// <summary>The function posted an error (<c>/invocation/{id}/error</c>).</summary>
    Error,

    /// <summary>The function could not start and posted <c>/init/error</c>.</summary>
    InitError,

    /// <summary>The function did not answer by the deadline plus the emulator's grace period.</summary>
    TimedOut,
}
