using Microsoft.Extensions.Logging;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Hosting;

namespace Neptune.Streams.Lambda.Handlers;

/// <summary>What a handler gets beside the event: a logger, the idempotency key and the invocation.</summary>
public sealed class GraphEventContext
{
    internal GraphEventContext(GraphEvent graphEvent, ILogger logger, InvocationContext invocation)
    {
        Event = graphEvent;
        Logger = logger;
        Invocation = invocation;
    }

    /// <summary>The event being handled.</summary>
    public GraphEvent Event { get; }

    /// <summary>A logger whose scope carries shard, sequence number and Neptune event id.</summary>
    public ILogger Logger { get; }

    /// <summary>The Lambda invocation (request id, function, deadline).</summary>
    public InvocationContext Invocation { get; }

    /// <summary>0 on the first attempt, then 1, 2, … on retries within this invocation.</summary>
    public int Attempt { get; internal set; }

    /// <summary>Properties of this event that typed handlers could bind to no member (for the metric).</summary>
    internal int UnboundProperties { get; set; }

    /// <summary>
    /// The same for every delivery of this event and different for every other: the Neptune event id of its first
    /// record (<c>commitNum:opNum</c>). Use it to make side effects happen once.
    /// </summary>
    public string IdempotencyKey => Event.IdempotencyKey;
}
