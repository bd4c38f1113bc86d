using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.Handlers;

/// <summary>
/// A handler that receives the event's added and changed property values bound to the user's own type, through
/// source-generated JSON metadata (no reflection, Native-AOT safe).
/// </summary>
/// <typeparam name="TProperties">The user's type, e.g. <c>record Person(string Name, int? Age)</c>.</typeparam>
/// <param name="typeInfo">The type's metadata from the user's <c>JsonSerializerContext</c>.</param>
public abstract class GraphEventHandler<TProperties>(JsonTypeInfo<TProperties> typeInfo) : IGraphEventHandler
{
    /// <inheritdoc />
    public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graphEvent);
        TProperties properties;
        try
        {
            properties = graphEvent.BindProperties(typeInfo);
        }
        catch (JsonException ex)
        {
            // The same values will never bind on a retry.
            throw new PermanentHandlerException(
                $"The properties of {graphEvent} do not bind to {typeof(TProperties).Name}: {ex.Path ?? "(root)"}.", ex);
        }

        return HandleAsync(graphEvent, properties, context, cancellationToken);
    }

    /// <summary>Handles one event with its properties bound to <typeparamref name="TProperties"/>.</summary>
    protected abstract ValueTask HandleAsync(
        GraphEvent graphEvent, TProperties properties, GraphEventContext context, CancellationToken cancellationToken);
}
