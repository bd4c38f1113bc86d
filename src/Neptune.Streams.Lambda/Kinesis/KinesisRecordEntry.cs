namespace Neptune.Streams.Lambda.Kinesis;

/// <summary>
/// One Kinesis record of a batch as the record loop needs it, kept as values: the fields every record uses are
/// strings (shared between records where they repeat), the rest stay slices of the payload until a failure path asks.
/// </summary>
/// <param name="SequenceNumber">The record's sequence number (never null or empty: the reader refuses such records).</param>
/// <param name="ShardId">The shard, from the part of <c>eventID</c> before the colon (<c>unknown-shard</c> without one).</param>
/// <param name="PartitionKey">The producer's partition key.</param>
/// <param name="EventSourceArn">The stream's ARN, when Lambda sent it.</param>
/// <param name="ApproximateArrivalTimestamp">When Kinesis accepted the record, in epoch seconds.</param>
/// <param name="Data">Where the base64 <c>data</c> sits in the payload (<see cref="JsonSlice.None"/> when read from a <see cref="KinesisEvent"/>).</param>
internal readonly record struct KinesisRecordEntry(
    string SequenceNumber,
    string ShardId,
    string PartitionKey,
    string? EventSourceArn,
    double ApproximateArrivalTimestamp,
    JsonSlice Data)
{
    /// <summary>
    /// Where the partition key sits in the payload (a plain string) while <see cref="PartitionKey"/> is not made yet:
    /// <see cref="KinesisBatch"/> makes it when the record is first read from the batch, not when the batch is read.
    /// </summary>
    public JsonSlice PendingPartitionKey { get; init; } = JsonSlice.None;
}
