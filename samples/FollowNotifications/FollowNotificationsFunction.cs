using Amazon.DynamoDBv2;
using Amazon.SQS;
using FollowNotifications.Handlers;
using FollowNotifications.Notifications;
using FollowNotifications.People;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.GraphEvents;

namespace FollowNotifications;

/// <summary>
/// Sends one SQS notification per new <c>follows</c> edge, with both people's names, even when Kinesis redelivers the
/// batch; keeps the names it needs from the <c>name</c> property of the vertices it sees.
/// </summary>
/// <remarks>
/// Lambda creates it with its one constructor; <see cref="Configure"/> registers the AWS clients as factories, resolved
/// on first use, and the options read from the environment (when the function is built, in Lambda's init phase) with
/// <see cref="UseOptions"/>. Tests replace them with <see cref="NeptuneStreamFunction.Override"/>:
/// <c>function.Override(b =&gt; FollowNotificationsFunction.UseOptions(b, options).Services.AddSingleton(sqs))</c>, and
/// likewise the DynamoDB client and a <see cref="TimeProvider"/> (the clock for idempotency markers).
/// </remarks>
public sealed class FollowNotificationsFunction : NeptuneStreamFunction
{
    /// <summary>
    /// Registers <paramref name="options"/> and the library's idempotency store on its table: the table name is needed
    /// when the builder is configured, so options are set here rather than by a service factory. A later call replaces
    /// an earlier one (the last idempotency store registered is the one used).
    /// </summary>
    /// <param name="builder">The function's builder.</param>
    /// <param name="options">Queue, table and guard time.</param>
    /// <returns>The builder.</returns>
    public static NeptuneStreamBuilder UseOptions(NeptuneStreamBuilder builder, FollowNotificationsOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.Services.AddSingleton(options);
        // The library's idempotency markers share the sample's table (pk, sk, TTL attribute ttl) with the names.
        return builder.UseDynamoDbIdempotency(options.TableName, idempotency => idempotency.CompletedTimeToLive = options.GuardTime);
    }

    /// <inheritdoc />
    protected override void Configure(NeptuneStreamBuilder builder)
    {
        builder.Services.AddSingleton<IAmazonSQS>(_ => new AmazonSQSClient()); // disposed with the function
        builder.Services.AddSingleton<IAmazonDynamoDB>(_ => new AmazonDynamoDBClient());
        builder.Services.AddSingleton<PeopleDirectory>();
        builder.Services.AddSingleton<NotificationSender>();
        UseOptions(builder, FollowNotificationsOptions.FromEnvironment());
        builder
            .On<PersonNamed>(GraphEventKind.VertexAdded).IncludeSnapshot() // the directory of names keeps state
            .On<PersonNamed>(GraphEventKind.VertexUpdated)
            .On<FollowNotifier>(GraphEventKind.EdgeAdded, "follows"); // no snapshot: existing follows are not news
    }
}
