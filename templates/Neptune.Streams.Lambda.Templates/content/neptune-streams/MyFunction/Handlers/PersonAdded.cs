using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;

namespace MyFunction.Handlers;

/// <summary>The vertex handler: a <c>person</c> vertex was added, its properties bound to <see cref="Person"/>.</summary>
public sealed class PersonAdded(INotifier notifier) : GraphEventHandler<Person>(FunctionJsonContext.Default.Person)
{
    /// <inheritdoc />
    protected override ValueTask HandleAsync(
        GraphEvent graphEvent, Person properties, GraphEventContext context, CancellationToken cancellationToken)
        => notifier.WelcomeAsync(graphEvent.Id, properties, cancellationToken);
}
