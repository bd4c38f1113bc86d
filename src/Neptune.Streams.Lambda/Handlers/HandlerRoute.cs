using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.Handlers;

/// <summary>
/// One registration: which events (kind or any, label or any) go to which handler type, and whether snapshot events
/// (the existing graph, not new changes) go to it too.
/// </summary>
internal sealed record HandlerRoute(GraphEventKind? Kind, string? Label, Type HandlerType, bool IncludeSnapshot = false)
{
    public bool Matches(GraphEvent graphEvent) =>
        (Kind is null || Kind == graphEvent.Kind) && (Label is null || graphEvent.HasLabel(Label))
        && (IncludeSnapshot || !graphEvent.IsSnapshot);
}
