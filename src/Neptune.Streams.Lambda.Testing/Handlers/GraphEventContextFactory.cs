using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;
using Neptune.Streams.Lambda.Hosting;

namespace Neptune.Streams.Lambda.Testing;

/// <summary>Creates the <see cref="GraphEventContext"/> a handler gets, to call one handler directly in a unit test.</summary>
public static class GraphEventContextFactory
{
    /// <summary>A context for <paramref name="graphEvent"/>.</summary>
    /// <param name="graphEvent">The event being handled.</param>
    /// <param name="logger">The handler's logger; a logger that drops everything when null.</param>
    /// <param name="invocation">The invocation; a local one with no deadline when null.</param>
    /// <param name="attempt">0 for the first attempt, 1, 2, … for retries within the invocation.</param>
    public static GraphEventContext Create(GraphEvent graphEvent, ILogger? logger = null, InvocationContext? invocation = null, int attempt = 0)
    {
        ArgumentNullException.ThrowIfNull(graphEvent);
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        return new GraphEventContext(graphEvent, logger ?? NullLogger.Instance, invocation ?? InvocationContext.Local("test"))
        {
            Attempt = attempt,
        };
    }
}
