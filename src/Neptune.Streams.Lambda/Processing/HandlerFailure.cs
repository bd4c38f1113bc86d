using Neptune.Streams.Lambda.Handlers;

namespace Neptune.Streams.Lambda.Processing;

/// <summary>The handler call that failed an event (after its retries), and with what.</summary>
internal sealed record HandlerFailure(string Handler, Exception Exception)
{
    /// <summary>The handler said a retry cannot fix it.</summary>
    public bool IsPermanent => Exception is PermanentHandlerException;
}
