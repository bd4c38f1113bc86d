namespace Neptune.Streams.Pump.Hosting;

/// <summary>The environment variables <see cref="PumpSettings.FromEnvironment"/> reads: the SAM template's names.</summary>
internal static class PumpEnvironmentVariables
{
    /// <summary>The Neptune endpoint URL (required).</summary>
    public const string NeptuneEndpoint = "NEPTUNE_STREAMS_NEPTUNE_ENDPOINT";

    /// <summary><c>propertygraph</c> (default) or <c>sparql</c>.</summary>
    public const string StreamKind = "NEPTUNE_STREAMS_NEPTUNE_STREAM_KIND";

    /// <summary><c>true</c> to sign Neptune requests (IAM database authentication).</summary>
    public const string IamAuth = "NEPTUNE_STREAMS_NEPTUNE_IAM_AUTH";

    /// <summary>The Kinesis stream to write.</summary>
    public const string KinesisStreamName = "NEPTUNE_STREAMS_KINESIS_STREAM_NAME";

    /// <summary>A Kinesis endpoint other than the region's.</summary>
    public const string KinesisEndpoint = "NEPTUNE_STREAMS_KINESIS_ENDPOINT";

    /// <summary>The shared DynamoDB table of position and lease; in memory when unset.</summary>
    public const string TableName = "NEPTUNE_STREAMS_TABLE_NAME";

    /// <summary>A DynamoDB endpoint other than the region's.</summary>
    public const string DynamoDbEndpoint = "NEPTUNE_STREAMS_DYNAMODB_ENDPOINT";

    /// <summary>The id of the position and lease items; the stream name by default.</summary>
    public const string PumpId = "NEPTUNE_STREAMS_PUMP_ID";

    /// <summary><c>TRIM_HORIZON</c> (default) or <c>LATEST</c>: where to start without a stored position.</summary>
    public const string InitialPosition = "NEPTUNE_STREAMS_PUMP_INITIAL_POSITION";

    /// <summary><c>TRIM_HORIZON</c> (default) or <c>LATEST</c>: where to resume after the position expired.</summary>
    public const string ExpiredRecovery = "NEPTUNE_STREAMS_PUMP_EXPIRED_RECOVERY";

    /// <summary>The stream API's <c>limit</c> per read, 1 to 100,000.</summary>
    public const string Limit = "NEPTUNE_STREAMS_PUMP_LIMIT";

    /// <summary>The CloudWatch namespace of the pump's metrics.</summary>
    public const string MetricsNamespace = "NEPTUNE_STREAMS_METRICS_NAMESPACE";

    /// <summary>The pump's dead-letter queue (SQS URL) for element changes too large for a Kinesis record.</summary>
    public const string DeadLetterQueueUrl = "NEPTUNE_STREAMS_PUMP_DEAD_LETTER_QUEUE_URL";

    /// <summary>The bucket the dead-lettered changes are stored in (required with the queue).</summary>
    public const string DeadLetterBucket = "NEPTUNE_STREAMS_PUMP_DEAD_LETTER_BUCKET";
}
