using Microsoft.Extensions.Logging;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;

namespace QuickStart.Handlers;

/// <summary>A <c>person</c> vertex was added: its properties arrive bound to <see cref="Person"/>.</summary>
public sealed partial class PersonAdded() : GraphEventHandler<Person>(QuickStartJsonContext.Default.Person)
{
    /// <inheritdoc />
    protected override ValueTask HandleAsync(GraphEvent graphEvent, Person properties, GraphEventContext context, CancellationToken cancellationToken)
    {
        // Logs say what happened, never the values (they may be personal data).
        LogWelcome(context.Logger, graphEvent.Id, properties.Name is not null, properties.BirthDate is not null);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Welcome person {VertexId} (has name: {HasName}, has birth date: {HasBirthDate})")]
    private static partial void LogWelcome(ILogger logger, string vertexId, bool hasName, bool hasBirthDate);
}
