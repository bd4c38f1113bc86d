namespace Neptune.Streams.Pump.Kinesis;

/// <summary>The result of one entry of a <c>PutRecords</c> call: its shard and sequence number, or why it failed.</summary>
/// <param name="ShardId">The shard written to, when it succeeded.</param>
/// <param name="SequenceNumber">The sequence number, when it succeeded.</param>
/// <param name="ErrorCode">Why it failed (<c>ProvisionedThroughputExceededException</c>, <c>InternalFailure</c>…), or null.</param>
/// <param name="ErrorMessage">The failure's message, or null.</param>
public sealed record KinesisPutEntryResult(string? ShardId, string? SequenceNumber, string? ErrorCode = null, string? ErrorMessage = null)
{
    /// <summary>True when Kinesis accepted the entry.</summary>
    public bool Succeeded => ErrorCode is null;
}
