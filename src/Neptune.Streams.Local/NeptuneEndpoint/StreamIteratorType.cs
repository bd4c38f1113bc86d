namespace Neptune.Streams.Local.NeptuneEndpoint;

/// <summary>Where a stream read starts, as the <c>iteratorType</c> query parameter says.</summary>
internal enum StreamIteratorType
{
    AtSequenceNumber,
    AfterSequenceNumber,
    TrimHorizon,
    Latest,
}
