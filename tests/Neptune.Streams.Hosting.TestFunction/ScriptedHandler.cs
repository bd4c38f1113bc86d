using Microsoft.Extensions.Logging;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;

namespace Neptune.Streams.Hosting.TestFunction;

/// <summary>
/// Handles every event; an event labelled <c>throw</c> fails, one labelled <c>hang</c> waits until its token is
/// cancelled (the deadline or SIGTERM), one labelled <c>trace</c> logs the <c>_X_AMZN_TRACE_ID</c> it sees, and
/// <c>NSL_TEST_HANDLER_MODE</c> (<c>throw</c> or <c>hang</c>) applies to every event.
/// </summary>
public sealed partial class ScriptedHandler : IGraphEventHandler
{
    private static readonly string? Mode = Environment.GetEnvironmentVariable("NSL_TEST_HANDLER_MODE");

    /// <inheritdoc />
    public async ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graphEvent);
        ArgumentNullException.ThrowIfNull(context);
        if (Mode == "throw" || graphEvent.HasLabel("throw"))
        {
            throw new InvalidOperationException($"Scripted failure on {graphEvent.Id}");
        }

        if (Mode == "hang" || graphEvent.HasLabel("hang"))
        {
            LogHanging(context.Logger, graphEvent.Id);
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }

        if (graphEvent.HasLabel("trace"))
        {
            string? traceId = Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID");
            LogTrace(context.Logger, traceId);
        }

        LogHandled(context.Logger, graphEvent.Kind, graphEvent.Id);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Hanging on {ElementId} until the token is cancelled")]
    private static partial void LogHanging(ILogger logger, string elementId);

    [LoggerMessage(Level = LogLevel.Information, Message = "The trace header in the environment is {EnvironmentTraceId}")]
    private static partial void LogTrace(ILogger logger, string? environmentTraceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Handled {Kind} {ElementId}")]
    private static partial void LogHandled(ILogger logger, GraphEventKind kind, string elementId);
}
