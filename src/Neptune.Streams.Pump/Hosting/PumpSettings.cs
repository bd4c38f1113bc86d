using System.Globalization;
using Neptune.Streams.Pump.Neptune;
using Neptune.Streams.Pump.Pumping;

namespace Neptune.Streams.Pump.Hosting;

/// <summary>
/// Where a deployed pump reads its configuration: environment variables (a Lambda's, a container's). Read once at
/// start-up by <see cref="FromEnvironment"/>; the library never reads the environment elsewhere.
/// </summary>
public sealed class PumpSettings
{
    /// <summary>The pump's options (endpoint, stream, positions, limit).</summary>
    public PumpOptions Pump { get; } = new();

    /// <summary>The AWS region for signing and service endpoints.</summary>
    /// <value><c>AWS_REGION</c>, or <c>us-east-1</c>.</value>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Whether Neptune requests are signed (the cluster has IAM database authentication on).</summary>
    /// <value><c>NEPTUNE_IAM_AUTH</c>, false by default.</value>
    public bool NeptuneIamAuth { get; set; }

    /// <summary>A Kinesis endpoint other than the region's (moto_server, a VPC endpoint).</summary>
    public Uri? KinesisEndpoint { get; set; }

    /// <summary>The shared DynamoDB table of position and lease (<c>pk</c>, <c>sk</c>).</summary>
    public string? StateTableName { get; set; }

    /// <summary>A DynamoDB endpoint other than the region's (moto_server).</summary>
    public Uri? DynamoDbEndpoint { get; set; }

    /// <summary>The pump's dead-letter queue (SQS URL) for element changes too large for a Kinesis record; null stops the pump on such a change instead.</summary>
    /// <value><c>NEPTUNE_STREAMS_PUMP_DEAD_LETTER_QUEUE_URL</c>, null by default.</value>
    public string? DeadLetterQueueUrl { get; set; }

    /// <summary>The bucket of the dead-lettered changes (required with <see cref="DeadLetterQueueUrl"/>).</summary>
    /// <value><c>NEPTUNE_STREAMS_PUMP_DEAD_LETTER_BUCKET</c>, null by default.</value>
    public string? DeadLetterBucket { get; set; }

    /// <summary>
    /// Reads the variables the SAM template gives the pump function: <c>NEPTUNE_STREAMS_NEPTUNE_ENDPOINT</c> (required),
    /// <c>NEPTUNE_STREAMS_NEPTUNE_STREAM_KIND</c> (<c>propertygraph</c>|<c>sparql</c>),
    /// <c>NEPTUNE_STREAMS_NEPTUNE_IAM_AUTH</c>, <c>NEPTUNE_STREAMS_KINESIS_STREAM_NAME</c>,
    /// <c>NEPTUNE_STREAMS_TABLE_NAME</c>, <c>NEPTUNE_STREAMS_PUMP_INITIAL_POSITION</c> (<c>TRIM_HORIZON</c>|<c>LATEST</c>|<c>SNAPSHOT</c>),
    /// <c>NEPTUNE_STREAMS_METRICS_NAMESPACE</c>; Lambda's <c>AWS_REGION</c> and <c>AWS_LAMBDA_FUNCTION_NAME</c> (the
    /// metrics' <c>FunctionName</c> dimension); and, for other setups, <c>NEPTUNE_STREAMS_KINESIS_ENDPOINT</c>,
    /// <c>NEPTUNE_STREAMS_DYNAMODB_ENDPOINT</c>, <c>NEPTUNE_STREAMS_PUMP_ID</c>,
    /// <c>NEPTUNE_STREAMS_PUMP_EXPIRED_RECOVERY</c> and <c>NEPTUNE_STREAMS_PUMP_LIMIT</c>.
    /// </summary>
    /// <param name="environment">The variables; <see cref="Environment.GetEnvironmentVariable(string)"/> when null.</param>
    /// <exception cref="InvalidOperationException">A variable is missing or has a bad value; the message names it.</exception>
    public static PumpSettings FromEnvironment(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var settings = new PumpSettings();
        string endpoint = environment(PumpEnvironmentVariables.NeptuneEndpoint) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{PumpEnvironmentVariables.NeptuneEndpoint} is not set (e.g. https://my-cluster…:8182/).");
        settings.Pump.NeptuneEndpoint = ParseUri(PumpEnvironmentVariables.NeptuneEndpoint, endpoint);
        if (PumpOptions.CheckNeptuneEndpoint(settings.Pump.NeptuneEndpoint) is { } insecure)
        {
            throw new InvalidOperationException($"{PumpEnvironmentVariables.NeptuneEndpoint} {insecure}");
        }

        settings.Pump.StreamKind = environment(PumpEnvironmentVariables.StreamKind)?.ToUpperInvariant() switch
        {
            null or "" or "PROPERTYGRAPH" or "PG" => NeptuneStreamKind.PropertyGraph,
            "SPARQL" => NeptuneStreamKind.Sparql,
            var other => throw new InvalidOperationException($"{PumpEnvironmentVariables.StreamKind} is '{other}'; use propertygraph or sparql."),
        };
        settings.NeptuneIamAuth = string.Equals(environment(PumpEnvironmentVariables.IamAuth), "true", StringComparison.OrdinalIgnoreCase);
        settings.Region = environment("AWS_REGION") is { Length: > 0 } region ? region : settings.Region;
        if (environment(PumpEnvironmentVariables.KinesisStreamName) is { Length: > 0 } stream)
        {
            settings.Pump.KinesisStreamName = stream;
        }

        if (environment(PumpEnvironmentVariables.PumpId) is { Length: > 0 } pumpId)
        {
            settings.Pump.PumpId = pumpId;
        }

        if (environment(PumpEnvironmentVariables.MetricsNamespace) is { Length: > 0 } metricsNamespace)
        {
            settings.Pump.MetricsNamespace = metricsNamespace;
        }

        settings.Pump.MetricsFunctionName = environment("AWS_LAMBDA_FUNCTION_NAME") is { Length: > 0 } function ? function : null;
        settings.KinesisEndpoint = environment(PumpEnvironmentVariables.KinesisEndpoint) is { Length: > 0 } kinesis ? ParseUri(PumpEnvironmentVariables.KinesisEndpoint, kinesis) : null;
        settings.StateTableName = environment(PumpEnvironmentVariables.TableName) is { Length: > 0 } table ? table : null;
        settings.DynamoDbEndpoint = environment(PumpEnvironmentVariables.DynamoDbEndpoint) is { Length: > 0 } dynamo ? ParseUri(PumpEnvironmentVariables.DynamoDbEndpoint, dynamo) : null;
        settings.Pump.StartPosition = ParsePosition(PumpEnvironmentVariables.InitialPosition, environment(PumpEnvironmentVariables.InitialPosition), settings.Pump.StartPosition);
        settings.Pump.ExpiredRecovery = ParsePosition(PumpEnvironmentVariables.ExpiredRecovery, environment(PumpEnvironmentVariables.ExpiredRecovery), settings.Pump.ExpiredRecovery);
        if (environment(PumpEnvironmentVariables.Limit) is { Length: > 0 } limit)
        {
            settings.Pump.Limit = int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out int parsed) && parsed is >= 1 and <= 100_000
                ? parsed
                : throw new InvalidOperationException($"{PumpEnvironmentVariables.Limit} is '{limit}'; use a number from 1 to 100000.");
        }

        settings.DeadLetterQueueUrl = environment(PumpEnvironmentVariables.DeadLetterQueueUrl) is { Length: > 0 } queue ? queue : null;
        settings.DeadLetterBucket = environment(PumpEnvironmentVariables.DeadLetterBucket) is { Length: > 0 } bucket ? bucket : null;
        if ((settings.DeadLetterQueueUrl is null) != (settings.DeadLetterBucket is null))
        {
            throw new InvalidOperationException(
                $"{PumpEnvironmentVariables.DeadLetterQueueUrl} and {PumpEnvironmentVariables.DeadLetterBucket} go together (a change too large for Kinesis is stored in the bucket, the queue names it).");
        }

        return settings;
    }

    private static Uri ParseUri(string name, string value) =>
        Uri.TryCreate(value.EndsWith('/') ? value : value + "/", UriKind.Absolute, out Uri? uri)
            ? uri
            : throw new InvalidOperationException($"{name} is not an absolute URL: '{value}'.");

    private static PumpStartPosition ParsePosition(string name, string? value, PumpStartPosition fallback) => value?.ToUpperInvariant() switch
    {
        null or "" => fallback,
        "TRIM_HORIZON" => PumpStartPosition.TrimHorizon,
        "LATEST" => PumpStartPosition.Latest,
        "SNAPSHOT" when name == PumpEnvironmentVariables.InitialPosition => PumpStartPosition.Snapshot,
        _ => throw new InvalidOperationException(name == PumpEnvironmentVariables.InitialPosition
            ? $"{name} is '{value}'; use TRIM_HORIZON, LATEST or SNAPSHOT."
            : $"{name} is '{value}'; use TRIM_HORIZON or LATEST."),
    };
}
