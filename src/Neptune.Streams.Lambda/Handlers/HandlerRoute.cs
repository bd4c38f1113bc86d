using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.Handlers;

/// <summary>One registration: which events (kind or any, label or any) go to which handler type.</summary>
internal sealed record HandlerRoute(GraphEventKind? Kind, string? Label, Type HandlerType)
{
    public bool Matches(GraphEvent graphEvent) =>
        (Kind is null || Kind == graphEvent.Kind) && (Label is null || graphEvent.HasLabel(Label));
}
