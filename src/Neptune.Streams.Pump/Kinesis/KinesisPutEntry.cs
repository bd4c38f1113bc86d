namespace Neptune.Streams.Pump.Kinesis;

/// <summary>One record to write.</summary>
/// <param name="PartitionKey">Decides the shard; at most 256 characters.</param>
/// <param name="Data">The payload; data and partition key together at most 1 MiB.</param>
public sealed record KinesisPutEntry(string PartitionKey, ReadOnlyMemory<byte> Data)
{
    /// <summary>What the entry counts against Kinesis's size limits: payload plus UTF-8 partition key.</summary>
    public int Size => Data.Length + System.Text.Encoding.UTF8.GetByteCount(PartitionKey);
}
