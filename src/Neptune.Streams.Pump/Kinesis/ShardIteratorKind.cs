namespace Neptune.Streams.Pump.Kinesis;

/// <summary>Kinesis's <c>ShardIteratorType</c>.</summary>
public enum ShardIteratorKind
{
    /// <summary>The oldest record in the shard.</summary>
    TrimHorizon,

    /// <summary>Just after the newest record.</summary>
    Latest,

    /// <summary>At a sequence number.</summary>
    AtSequenceNumber,

    /// <summary>Just after a sequence number.</summary>
    AfterSequenceNumber,
}
