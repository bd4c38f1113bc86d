using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.ChangeRecords;

/// <summary>One parsed Neptune change record, in whichever format it arrived.</summary>
internal sealed class ChangeRecord
{
    public required NeptuneEventId EventId { get; init; }

    public long? CommitTimestamp { get; init; }

    public bool IsLastOp { get; init; }

    /// <summary>True for ADD, false for REMOVE.</summary>
    public required bool IsAdd { get; init; }

    public required ChangeRecordType Type { get; init; }

    /// <summary>The element id (the subject for RDF statements).</summary>
    public required string Id { get; init; }

    /// <summary>The property name (<c>label</c> for <c>vl</c>/<c>e</c>).</summary>
    public string? Key { get; init; }

    public PropertyValue Value { get; init; }

    public string? From { get; init; }

    public string? To { get; init; }

    public RdfStatement? Statement { get; init; }

    /// <summary>True when the pump's snapshot phase wrote the record (its envelope says <c>"snapshot":true</c>).</summary>
    public bool FromSnapshot { get; init; }

    /// <summary>True when the pump's envelope says <c>"labelsUnknown":true</c> (the element was gone when its labels were looked up).</summary>
    public bool LabelsUnknown { get; init; }

    /// <summary>For <see cref="ChangeRecordType.Simplified"/>: the event kind the record names.</summary>
    public GraphEventKind SimplifiedKind { get; init; }

    /// <summary>For <see cref="ChangeRecordType.Simplified"/>: its label; for others, a label the pump's envelope added.</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>For <see cref="ChangeRecordType.Simplified"/>: its properties.</summary>
    public IReadOnlyList<KeyValuePair<string, PropertyValue>>? Properties { get; init; }

    /// <summary>True when the record is about an edge (<c>e</c>, <c>ep</c> or a simplified edge event).</summary>
    public bool IsEdge => Type is ChangeRecordType.Edge or ChangeRecordType.EdgeProperty
        || (Type == ChangeRecordType.Simplified && SimplifiedKind is GraphEventKind.EdgeAdded or GraphEventKind.EdgeUpdated or GraphEventKind.EdgeDeleted);
}
