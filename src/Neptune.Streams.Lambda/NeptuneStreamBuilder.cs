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
    private readonly List<Action> _freezers = [];
    private int _lastRegistration; // how many routes the last On/OnAny added: IncludeSnapshot applies to them

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

    /// <summary>Has <paramref name="freeze"/> run when the function is built (a feature's own options).</summary>
    internal void FreezeOnBuild(Action freeze) => _freezers.Add(freeze);

    /// <summary>Freezes every option: after Configure and the overrides, before anything reads them.</summary>
    internal void Freeze()
    {
        Options.Freeze();
        foreach (Action freeze in _freezers)
        {
            freeze();
        }
    }

    /// <summary>Routes events of <paramref name="kind"/>, whatever their label, to <typeparamref name="THandler"/>.</summary>
    public NeptuneStreamBuilder On<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
        GraphEventKind kind)
        where THandler : class, IGraphEventHandler
        => On<THandler>(kind, label: null);

    /// <summary>Routes events of <paramref name="kind"/> with <paramref name="label"/> (null: any label) to <typeparamref name="THandler"/>.</summary>
    public NeptuneStreamBuilder On<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
        GraphEventKind kind, string? label)
        where THandler : class, IGraphEventHandler
    {
        ValidateLabel(label);
        Add<THandler>(kind, label);
        _lastRegistration = 1;
        return this;
    }

    /// <summary>
    /// Routes events of any of <paramref name="kinds"/> (with <paramref name="label"/>, or any label) to
    /// <typeparamref name="THandler"/>: one line for a handler of several kinds,
    /// <c>builder.On&lt;VertexChanged&gt;([GraphEventKind.VertexAdded, GraphEventKind.VertexUpdated, GraphEventKind.VertexDeleted])</c>.
    /// The handler runs once per event, in the place of this registration.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="kinds"/> is empty, or names a kind twice or one that does not exist.</exception>
    public NeptuneStreamBuilder On<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
        GraphEventKind[] kinds, string? label)
        where THandler : class, IGraphEventHandler
    {
        ArgumentNullException.ThrowIfNull(kinds);
        if (kinds.Length == 0 || kinds.Distinct().Count() != kinds.Length || !kinds.All(Enum.IsDefined))
        {
            throw new ArgumentException("Name each event kind once, and at least one; OnAny takes every kind.", nameof(kinds));
        }

        ValidateLabel(label);
        foreach (GraphEventKind kind in kinds)
        {
            Add<THandler>(kind, label);
        }

        _lastRegistration = kinds.Length;
        return this;
    }

    /// <summary>
    /// Routes events of any of <paramref name="kinds"/>, whatever their label, to <typeparamref name="THandler"/>:
    /// <c>builder.On&lt;VertexChanged&gt;([GraphEventKind.VertexAdded, GraphEventKind.VertexUpdated])</c>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="kinds"/> is empty, or names a kind twice or one that does not exist.</exception>
    public NeptuneStreamBuilder On<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
        GraphEventKind[] kinds)
        where THandler : class, IGraphEventHandler
        => On<THandler>(kinds, label: null);

    /// <summary>Routes every event (with <paramref name="label"/>, or any label) to <typeparamref name="THandler"/>.</summary>
    public NeptuneStreamBuilder OnAny<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
        string? label = null)
        where THandler : class, IGraphEventHandler
    {
        ValidateLabel(label);
        Add<THandler>(null, label);
        _lastRegistration = 1;
        return this;
    }

    /// <summary>
    /// Lets the handler registered just before (all kinds of that registration) also receive snapshot events (<see cref="GraphEvent.IsSnapshot"/>): the
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

        for (int i = _routes.Count - _lastRegistration; i < _routes.Count; i++)
        {
            _routes[i] = _routes[i] with { IncludeSnapshot = true };
        }

        return this;
    }

    private static void ValidateLabel(string? label)
    {
        if (label is not null && label.Length == 0)
        {
            throw new ArgumentException("A label filter cannot be empty; pass null to take every label.", nameof(label));
        }
    }

    private void Add<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
        GraphEventKind? kind, string? label)
        where THandler : class, IGraphEventHandler
    {
        Services.TryAddScoped<THandler>();
        _routes.Add(new HandlerRoute(kind, label, typeof(THandler)));
    }
}
