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

    /// <summary>
    /// Reads <c>NEPTUNE_ENDPOINT</c> (required), <c>NEPTUNE_STREAM</c> (<c>propertygraph</c>|<c>sparql</c>),
    /// <c>NEPTUNE_IAM_AUTH</c>, <c>AWS_REGION</c>, <c>KINESIS_STREAM_NAME</c>, <c>KINESIS_ENDPOINT</c>,
    /// <c>STATE_TABLE_NAME</c>, <c>DYNAMODB_ENDPOINT</c>, <c>PUMP_ID</c>, <c>PUMP_START_POSITION</c> and
    /// <c>PUMP_EXPIRED_RECOVERY</c> (<c>TRIM_HORIZON</c>|<c>LATEST</c>), <c>PUMP_LIMIT</c>.
    /// </summary>
    /// <param name="environment">The variables; <see cref="Environment.GetEnvironmentVariable(string)"/> when null.</param>
    /// <exception cref="InvalidOperationException">A variable is missing or has a bad value; the message names it.</exception>
    public static PumpSettings FromEnvironment(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var settings = new PumpSettings();
        string endpoint = environment("NEPTUNE_ENDPOINT") ?? throw new InvalidOperationException("NEPTUNE_ENDPOINT is not set (e.g. https://my-cluster…:8182/).");
        settings.Pump.NeptuneEndpoint = ParseUri("NEPTUNE_ENDPOINT", endpoint);
        settings.Pump.StreamKind = environment("NEPTUNE_STREAM")?.ToUpperInvariant() switch
        {
            null or "PROPERTYGRAPH" or "PG" => NeptuneStreamKind.PropertyGraph,
            "SPARQL" => NeptuneStreamKind.Sparql,
            var other => throw new InvalidOperationException($"NEPTUNE_STREAM is '{other}'; use propertygraph or sparql."),
        };
        settings.NeptuneIamAuth = string.Equals(environment("NEPTUNE_IAM_AUTH"), "true", StringComparison.OrdinalIgnoreCase);
        settings.Region = environment("AWS_REGION") ?? settings.Region;
        if (environment("KINESIS_STREAM_NAME") is { Length: > 0 } stream)
        {
            settings.Pump.KinesisStreamName = stream;
        }

        if (environment("PUMP_ID") is { Length: > 0 } pumpId)
        {
            settings.Pump.PumpId = pumpId;
        }

        settings.KinesisEndpoint = environment("KINESIS_ENDPOINT") is { Length: > 0 } kinesis ? ParseUri("KINESIS_ENDPOINT", kinesis) : null;
        settings.StateTableName = environment("STATE_TABLE_NAME");
        settings.DynamoDbEndpoint = environment("DYNAMODB_ENDPOINT") is { Length: > 0 } dynamo ? ParseUri("DYNAMODB_ENDPOINT", dynamo) : null;
        settings.Pump.StartPosition = ParsePosition("PUMP_START_POSITION", environment("PUMP_START_POSITION"), settings.Pump.StartPosition);
        settings.Pump.ExpiredRecovery = ParsePosition("PUMP_EXPIRED_RECOVERY", environment("PUMP_EXPIRED_RECOVERY"), settings.Pump.ExpiredRecovery);
        if (environment("PUMP_LIMIT") is { Length: > 0 } limit)
        {
            settings.Pump.Limit = int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value is >= 1 and <= 100_000
                ? value
                : throw new InvalidOperationException($"PUMP_LIMIT is '{limit}'; use a number from 1 to 100000.");
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
        _ => throw new InvalidOperationException($"{name} is '{value}'; use TRIM_HORIZON or LATEST."),
    };
}
