using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Pump.Tests.EndToEnd;

/// <summary>What the recording handler keeps of an event (never property values, just identity and shape).</summary>
internal sealed record RecordedEvent(GraphEventKind Kind, string Id, long CommitNum, string[] Labels, string? From, string? To, string IdempotencyKey);
