using System.Runtime.ExceptionServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Neptune.Streams.Lambda.Diagnostics;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;
using Neptune.Streams.Lambda.Hosting;
using Polly;

namespace Neptune.Streams.Lambda.Processing;

/// <summary>
/// Hands one batch's graph events to the handlers whose routes match, in registration order. A handler is called
/// directly; only a failed call enters the retry pipeline, whose first attempt is that failure, so a successful call
/// costs no pipeline and the attempts and delays are those the retry options say.
/// </summary>
internal sealed class EventDispatcher(
    IReadOnlyList<HandlerRoute> routes,
    ResiliencePipeline pipeline,
    IServiceProvider services,
    InvocationContext invocation,
    ILogger logger,
    BatchSummary summary)
{
    private readonly Dictionary<Type, IGraphEventHandler> _handlers = [];
    private readonly List<int> _matched = [];

    // Per route, filled on its first call in the batch: its handler (one instance per type) and the list its call
    // times go to, so a call costs no dictionary look-up by type or by name.
    private readonly IGraphEventHandler?[] _routeHandlers = new IGraphEventHandler?[routes.Count];
    private readonly List<double>?[] _routeLatencies = new List<double>?[routes.Count];

    /// <summary>Null when every matching handler handled the event; otherwise the handler call that failed.</summary>
    public async ValueTask<HandlerFailure?> DispatchAsync(GraphEvent graphEvent, CancellationToken cancellationToken)
    {
        _matched.Clear();
        for (int i = 0; i < routes.Count; i++)
        {
            if (routes[i].Matches(graphEvent))
            {
                _matched.Add(i);
            }
        }

        if (graphEvent.LabelsUnknown)
        {
            summary.UnlabelledEvents++;
            logger.LabelsUnknown(graphEvent.Kind, graphEvent.Id, graphEvent.FirstEventId.ToString(), graphEvent.Position.ShardId, graphEvent.Position.SequenceNumber, _matched.Count);
        }

        using var scope = logger.IsEnabled(LogLevel.Critical) ? logger.BeginScope(new EventLogScope(graphEvent)) : null;
        using var eventSpan = BatchTracing.StartEvent(graphEvent);

        // One clock reading per handler call: each call ends where the next one's time starts (a handler's time
        // includes resolving it, which builds it on the batch's first event).
        long started = summary.Timestamp();
        summary.NoteDispatched(graphEvent, started);
        GraphEventContext? context = null;
        foreach (int index in _matched)
        {
            HandlerRoute route = routes[index];
            IGraphEventHandler handler = _routeHandlers[index] ??= ResolveHandler(route.HandlerType);

            // One context per event, shared by its handlers; Attempt counts the calls of the current handler.
            context ??= new GraphEventContext(graphEvent, logger, invocation);
            context.Attempt = 0;
            var handlerSpan = BatchTracing.StartHandler(route.HandlerType.Name);
            try
            {
                await CallAsync(handler, context, cancellationToken).ConfigureAwait(false);
                summary.Retries += context.Attempt;
                BatchTracing.End(handlerSpan, succeeded: true, attempts: context.Attempt + 1);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                summary.Retries += context.Attempt;
                summary.Errors++;
                BatchTracing.End(handlerSpan, succeeded: false, ex, context.Attempt + 1);
                BatchTracing.End(eventSpan, succeeded: false, ex);
                logger.HandlerFailed(ex, route.HandlerType.Name, graphEvent.Kind, graphEvent.Id, graphEvent.Position.ShardId,
                    graphEvent.Position.SequenceNumber, graphEvent.FirstEventId.ToString(), context.Attempt + 1);
                return new HandlerFailure(route.HandlerType.Name, ex);
            }
            finally
            {
                long ended = summary.Timestamp();
                (_routeLatencies[index] ??= summary.HandlerLatencies(route.HandlerType.Name)).Add(summary.Milliseconds(started, ended));
                started = ended;
            }
        }

        summary.UnboundProperties += context?.UnboundProperties ?? 0;
        BatchTracing.End(eventSpan, succeeded: true);
        return null;
    }

    private async ValueTask CallAsync(IGraphEventHandler handler, GraphEventContext context, CancellationToken cancellationToken)
    {
        ExceptionDispatchInfo firstFailure;
        try
        {
            await handler.HandleAsync(context.Event, context, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            firstFailure = ExceptionDispatchInfo.Capture(ex);
        }

        // The pipeline's first attempt replays the failure just seen, so it decides (retriable? delay?) as if it had
        // made the call itself; the calls after it are the retries.
        await pipeline.ExecuteAsync(
            static (retry, ct) => retry.NextAsync(ct),
            new RetryCall(handler, context, firstFailure),
            cancellationToken).ConfigureAwait(false);
    }

    private IGraphEventHandler ResolveHandler(Type type)
    {
        if (!_handlers.TryGetValue(type, out var handler))
        {
            handler = (IGraphEventHandler)services.GetRequiredService(type);
            _handlers[type] = handler;
        }

        return handler;
    }

    /// <summary>The state of one handler call's retries; allocated only when a call failed.</summary>
    private sealed class RetryCall(IGraphEventHandler handler, GraphEventContext context, ExceptionDispatchInfo firstFailure)
    {
        private ExceptionDispatchInfo? _firstFailure = firstFailure;

        public ValueTask NextAsync(CancellationToken cancellationToken)
        {
            if (_firstFailure is { } failure)
            {
                _firstFailure = null;
                failure.Throw();
            }

            context.Attempt++;
            return handler.HandleAsync(context.Event, context, cancellationToken);
        }
    }
}
