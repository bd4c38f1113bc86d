using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Chaos;

/// <summary>One application of an event's side effect at the sink.</summary>
/// <param name="First">The event's first Neptune event id.</param>
/// <param name="Last">The event's last Neptune event id.</param>
/// <param name="Unlabelled">Whether the event reached the handler without any label.</param>
/// <param name="Redriven">Whether it was applied after the redrive started.</param>
/// <param name="Kind">The event's kind.</param>
/// <param name="Snapshot">Whether it was a snapshot event (<c>GraphEvent.IsSnapshot</c>).</param>
/// <param name="LabelsUnknown">Whether the event came marked <c>labelsUnknown</c> (counted apart from silent unlabelled events).</param>
public sealed record AppliedEffect(NeptuneEventId First, NeptuneEventId Last, bool Unlabelled, bool Redriven, GraphEventKind Kind, bool Snapshot = false, bool LabelsUnknown = false);
