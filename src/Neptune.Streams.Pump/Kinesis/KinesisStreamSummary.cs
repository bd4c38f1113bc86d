namespace Neptune.Streams.Pump.Kinesis;

/// <summary>What <c>DescribeStreamSummary</c> says about a stream.</summary>
/// <param name="StreamName">The stream's name.</param>
/// <param name="StreamArn">The stream's ARN.</param>
/// <param name="Status"><c>CREATING</c>, <c>ACTIVE</c>, <c>UPDATING</c> or <c>DELETING</c>.</param>
/// <param name="OpenShardCount">The number of open shards.</param>
public sealed record KinesisStreamSummary(string StreamName, string StreamArn, string Status, int OpenShardCount);
