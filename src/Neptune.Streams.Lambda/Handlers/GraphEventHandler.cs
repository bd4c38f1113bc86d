using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.Handlers;

/// <summary>
/// A handler that receives the event's added and changed property values bound to the user's own type, through
/// source-generated JSON metadata (no reflection, Native-AOT safe). Neptune's property names bind to members whatever
/// their case (<c>name</c> to <c>Name</c>); a property that binds to no member is logged once per type and property
/// (by name) and counted in the <c>UnboundProperties</c> metric. A value that cannot bind to its member fails the event
/// permanently (<see cref="PermanentHandlerException"/> naming the record and the property, never the value).
/// </summary>
/// <typeparam name="TProperties">The user's type, e.g. <c>record Person(string Name, int? Age)</c>.</typeparam>
/// <param name="typeInfo">The type's metadata from the user's <c>JsonSerializerContext</c>.</param>
public abstract class GraphEventHandler<TProperties>(JsonTypeInfo<TProperties> typeInfo) : IGraphEventHandler
{
    private readonly PropertyBinder<TProperties> _binder = PropertyBinder<TProperties>.For(typeInfo ?? throw new ArgumentNullException(nameof(typeInfo)));

    /// <inheritdoc />
    public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graphEvent);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Attempt <= 0)
        {
            context.UnboundProperties += _binder.CountUnbound(
                graphEvent, static (name, ctx) => TypedBindingLog.UnboundProperty(ctx.Logger, name, typeof(TProperties).Name), context);
        }

        TProperties properties;
        try
        {
            properties = _binder.Bind(graphEvent);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException or FormatException or OverflowException)
        {
            // The same values will never bind on a retry: a permanent failure, named without the value.
            string property = ex is JsonException { Path: { Length: > 2 } path } && path.StartsWith("$.", StringComparison.Ordinal)
                ? path[2..]
                : (ex as JsonException)?.Path ?? "(root)";
            throw new PermanentHandlerException(
                $"Property '{property}' of {graphEvent} does not bind to {typeof(TProperties).Name} ({ex.GetType().Name}).", ex);
        }

        return HandleAsync(graphEvent, properties, context, cancellationToken);
    }

    /// <summary>Handles one event with its properties bound to <typeparamref name="TProperties"/>.</summary>
    protected abstract ValueTask HandleAsync(
        GraphEvent graphEvent, TProperties properties, GraphEventContext context, CancellationToken cancellationToken);
}
