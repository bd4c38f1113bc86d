using Amazon.DynamoDBv2;
using AuditLog.Audit;
using AuditLog.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda;

namespace AuditLog;

/// <summary>Writes every graph event, once, as an item of a DynamoDB audit table.</summary>
/// <remarks>
/// Lambda creates it with its one constructor; <see cref="Configure"/> registers the options (from the environment) and
/// the DynamoDB client as factories, resolved on first use. Tests replace them with
/// <see cref="NeptuneStreamFunction.Override"/>: <c>function.Override(b =&gt; b.Services.AddSingleton(options))</c>, and
/// likewise the client and a <see cref="TimeProvider"/> (the clock for <c>recordedAt</c>).
/// </remarks>
public sealed class AuditLogFunction : NeptuneStreamFunction
{
    /// <inheritdoc />
    protected override void Configure(NeptuneStreamBuilder builder)
    {
        builder.Services.AddSingleton(_ => AuditLogOptions.FromEnvironment());
        builder.Services.AddSingleton<IAmazonDynamoDB>(_ => new AmazonDynamoDBClient()); // disposed with the function
        builder.Services.AddSingleton<AuditTable>();
        // The audit trail starts with the graph as it was when a snapshot read it (snapshot events are marked).
        builder.OnAny<AuditRecorder>().IncludeSnapshot();
    }
}
