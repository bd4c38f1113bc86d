using Amazon.DynamoDBv2;
using AuditLog.Audit;
using AuditLog.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda;

namespace AuditLog;

/// <summary>Writes every graph event, once, as an item of a DynamoDB audit table.</summary>
/// <param name="options">The table, retention and value policy.</param>
/// <param name="dynamoDb">The DynamoDB client; the function does not dispose a client it was given.</param>
/// <param name="timeProvider">The clock for <c>recordedAt</c>; the system clock when null.</param>
public sealed class AuditLogFunction(AuditLogOptions options, IAmazonDynamoDB dynamoDb, TimeProvider? timeProvider = null) : NeptuneStreamFunction
{
    /// <summary>Creates the function as Lambda does: options from the environment, the default DynamoDB client.</summary>
    public AuditLogFunction()
        : this(AuditLogOptions.FromEnvironment(), new AmazonDynamoDBClient())
    {
    }

    /// <inheritdoc />
    protected override void Configure(NeptuneStreamBuilder builder)
    {
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(dynamoDb);
        if (timeProvider is not null)
        {
            builder.Services.AddSingleton(timeProvider);
        }

        builder.Services.AddSingleton<AuditTable>();
        // The audit trail starts with the graph as it was when a snapshot read it (snapshot events are marked).
        builder.OnAny<AuditRecorder>().IncludeSnapshot();
    }
}
