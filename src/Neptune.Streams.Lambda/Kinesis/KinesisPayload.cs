namespace Neptune.Streams.Lambda.Kinesis;

/// <summary>
/// One decoded payload of a Kinesis record: the whole record, or one sub-record of a KPL-aggregated record.
/// The bytes live in a pooled buffer owned by the <see cref="KinesisPayloadDecoder"/> until its next reset.
/// </summary>
internal readonly record struct KinesisPayload(ReadOnlyMemory<byte> Data, int SubSequenceNumber, string PartitionKey)
{
    /// <summary>The sub-sequence number of a record that was not aggregated.</summary>
    public const int NotAggregated = -1;
}
