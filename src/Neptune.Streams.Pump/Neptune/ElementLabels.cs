namespace Neptune.Streams.Pump.Neptune;

/// <summary>What the pump knows of an element beside its id: its labels and, for an edge, its endpoints.</summary>
/// <param name="Labels">A vertex's labels or an edge's label.</param>
/// <param name="From">An edge's source vertex id.</param>
/// <param name="To">An edge's target vertex id.</param>
internal sealed record ElementLabels(IReadOnlyList<string> Labels, string? From = null, string? To = null);
