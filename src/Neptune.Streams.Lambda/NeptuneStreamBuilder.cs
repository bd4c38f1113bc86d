using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;

namespace Neptune.Streams.Lambda;

/// <summary>
/// What a function configures in <see cref="NeptuneStreamFunction.Configure"/>: its handlers (routed by event kind and
/// label, run in registration order), its services and its options.
/// </summary>
public sealed class NeptuneStreamBuilder
{
    private readonly List<HandlerRoute> _routes = [];

    internal NeptuneStreamBuilder(IServiceCollection services, NeptuneStreamOptions options)
    {
        Services = services;
        Options = options;
    }

    /// <summary>The services handlers are resolved from (a scope per batch).</summary>
    public IServiceCollection Services { get; }

    /// <summary>The function's options.</summary>
    public NeptuneStreamOptions Options { get; }

    internal IReadOnlyList<HandlerRoute> Routes => _routes;

    /// <summary>Routes events of <paramref name="kind"/> (with <paramref name="label"/>, or any label) to <typeparamref name="THandler"/>.</summary>
    public NeptuneStreamBuilder On<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
        GraphEventKind kind, string? label = null)
        where THandler : class, IGraphEventHandler
        => Add<THandler>(kind, label);

    /// <summary>Routes every event (with <paramref name="label"/>, or any label) to <typeparamref name="THandler"/>.</summary>
    public NeptuneStreamBuilder OnAny<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
        string? label = null)
        where THandler : class, IGraphEventHandler
        => Add<THandler>(null, label);

    /// <summary>
    /// Lets the handler registered just before also receive snapshot events (<see cref="GraphEvent.IsSnapshot"/>): the
    /// graph as it was when the pump's snapshot read it, as <see cref="GraphEventKind.VertexAdded"/> and
    /// <see cref="GraphEventKind.EdgeAdded"/>. Without it a handler sees only changes, so a side effect that must not
    /// repeat history (a "new follower" notification) does not fire for the whole graph; state-keeping handlers (a
    /// search index, a cache, an audit trail) opt in: <c>builder.On&lt;Indexer&gt;(GraphEventKind.VertexAdded).IncludeSnapshot()</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No handler was registered before.</exception>
    public NeptuneStreamBuilder IncludeSnapshot()
    {
        if (_routes.Count == 0)
        {
            throw new InvalidOperationException("IncludeSnapshot applies to the handler registered just before it; register one with On or OnAny first.");
        }

        _routes[^1] = _routes[^1] with { IncludeSnapshot = true };
        return this;
    }

    private NeptuneStreamBuilder Add<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
        GraphEventKind? kind, string? label)
        where THandler : class, IGraphEventHandler
    {
        if (label is not null && label.Length == 0)
        {
            throw new ArgumentException("A label filter cannot be empty; pass null to take every label.", nameof(label));
        }

        Services.TryAddScoped<THandler>();
        _routes.Add(new HandlerRoute(kind, label, typeof(THandler)));
        return this;
    }
}
