namespace Neptune.Streams.Lambda.ChangeRecords;

/// <summary>
/// The top-level fields of a page-shaped payload: a stream-API page, or the pump's envelope, which adds what
/// Neptune's element records lack (the element's labels, an edge's endpoints).
/// </summary>
internal struct EnvelopeFields
{
    public bool IsPage;
    public List<string>? Labels;
    public string? From;
    public string? To;

    /// <summary>The pump's snapshot phase wrote it (<c>"snapshot":true</c>): the element as it was, not a change.</summary>
    public bool IsSnapshot;

    /// <summary>
    /// The pump could not tell the element's labels (<c>"labelsUnknown":true</c>): the element was deleted before its
    /// labels were looked up and no later record named them.
    /// </summary>
    public bool LabelsUnknown;

    public readonly bool HasEnrichment => Labels is { Count: > 0 } || From is not null || To is not null || IsSnapshot || LabelsUnknown;

    /// <summary>Adds the envelope's labels and endpoints to a record that lacks them.</summary>
    public readonly ChangeRecord Enrich(ChangeRecord record)
    {
        if (record.Type is ChangeRecordType.Statement or ChangeRecordType.Simplified)
        {
            return record;
        }

        bool needsLabels = record.Labels is null && Labels is { Count: > 0 };
        bool needsEndpoints = record.Type == ChangeRecordType.EdgeProperty && record.From is null && (From is not null || To is not null);
        bool labelsUnknown = LabelsUnknown && record.Labels is null && Labels is not { Count: > 0 };
        if (!needsLabels && !needsEndpoints && !IsSnapshot && !labelsUnknown)
        {
            return record;
        }

        return new ChangeRecord
        {
            EventId = record.EventId,
            CommitTimestamp = record.CommitTimestamp,
            IsLastOp = record.IsLastOp,
            IsAdd = record.IsAdd,
            Type = record.Type,
            Id = record.Id,
            Key = record.Key,
            Value = record.Value,
            From = record.From ?? From,
            To = record.To ?? To,
            Labels = record.Labels ?? Labels,
            FromSnapshot = IsSnapshot,
            LabelsUnknown = labelsUnknown,
        };
    }
}
