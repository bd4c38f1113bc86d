namespace Neptune.Streams.Pump.Neptune;

/// <summary>The stream API's <c>iteratorType</c>.</summary>
internal enum StreamIterator
{
    /// <summary>Start at the oldest record still retained.</summary>
    TrimHorizon,

    /// <summary>Start at the newest record (the stream API returns at most one record for it).</summary>
    Latest,

    /// <summary>Start at a given event id.</summary>
    AtSequenceNumber,

    /// <summary>Start just after a given event id.</summary>
    AfterSequenceNumber,
}
