namespace Neptune.Streams.Pump.Kinesis;

/// <summary>A record read from a shard.</summary>
/// <param name="SequenceNumber">Its sequence number (a decimal string, increasing within the shard).</param>
/// <param name="PartitionKey">The partition key it was written with.</param>
/// <param name="Data">The payload.</param>
/// <param name="ApproximateArrivalTimestamp">When Kinesis accepted it.</param>
/// <param name="EncryptionType"><c>KMS</c> or <c>NONE</c>/null.</param>
public sealed record KinesisRecord(
    string SequenceNumber, string PartitionKey, ReadOnlyMemory<byte> Data, DateTimeOffset ApproximateArrivalTimestamp, string? EncryptionType = null);
