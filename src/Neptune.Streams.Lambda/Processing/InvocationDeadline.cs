namespace Neptune.Streams.Lambda.Processing;

/// <summary>
/// The Lambda deadline of the invocation whose batch is running, flowing with the async calls of its handlers. The
/// idempotency store reads it so that a claim never outlives the invocation that took it, and so that completing or
/// releasing a claim never pushes the response past the deadline, however the handler calls the store.
/// </summary>
internal static class InvocationDeadline
{
    private static readonly AsyncLocal<Window?> Current = new();

    /// <summary>The running invocation's deadline, or null outside a batch or when Lambda gave none.</summary>
    public static DateTimeOffset? Deadline => Current.Value?.Deadline;

    /// <summary>
    /// Sets the deadline for the calling async flow, and how much of the time before it is kept for sending the
    /// response. Set inside an async method, it reverts when that method returns, so it never leaks into a later batch.
    /// </summary>
    public static void Set(DateTimeOffset? deadline, TimeSpan responseReserve) =>
        Current.Value = deadline is { } d ? new Window(d, responseReserve) : null;

    /// <summary>
    /// A token for work that must go on after the batch's token fired (completing or releasing a claim) but must stop
    /// before the response is due; null when there is no deadline.
    /// </summary>
    public static CancellationTokenSource? BeforeResponseDue(TimeProvider timeProvider)
    {
        if (Current.Value is not { } window)
        {
            return null;
        }

        TimeSpan left = window.Deadline - window.ResponseReserve - timeProvider.GetUtcNow();
        return new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.Zero, timeProvider);
    }

    private sealed record Window(DateTimeOffset Deadline, TimeSpan ResponseReserve);
}
