using Amazon.DynamoDBv2;
using Amazon.SQS;
using FollowNotifications.Handlers;
using FollowNotifications.Notifications;
using FollowNotifications.People;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Idempotency;

namespace FollowNotifications;

/// <summary>
/// Sends one SQS notification per new <c>follows</c> edge, with both people's names, even when Kinesis redelivers the
/// batch; keeps the names it needs from the <c>name</c> property of the vertices it sees.
/// </summary>
/// <param name="options">Queue, table and guard time.</param>
/// <param name="sqs">The SQS client; not disposed by the function.</param>
/// <param name="dynamoDb">The DynamoDB client; not disposed by the function.</param>
/// <param name="timeProvider">The clock for idempotency markers; the system clock when null.</param>
public sealed class FollowNotificationsFunction(
    FollowNotificationsOptions options, IAmazonSQS sqs, IAmazonDynamoDB dynamoDb, TimeProvider? timeProvider = null) : NeptuneStreamFunction
{
    /// <summary>Creates the function as Lambda does: options from the environment, the default AWS clients.</summary>
    public FollowNotificationsFunction()
        : this(FollowNotificationsOptions.FromEnvironment(), new AmazonSQSClient(), new AmazonDynamoDBClient())
    {
    }

    /// <inheritdoc />
    protected override void Configure(NeptuneStreamBuilder builder)
    {
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sqs);
        builder.Services.AddSingleton(dynamoDb);
        if (timeProvider is not null)
        {
            builder.Services.AddSingleton(timeProvider);
        }

        builder.Services.AddSingleton<PeopleDirectory>();
        builder.Services.AddSingleton<NotificationSender>();
        // The library's idempotency markers share the sample's table (pk, sk, TTL attribute ttl) with the names.
        builder.UseDynamoDbIdempotency(options.TableName, idempotency => idempotency.CompletedTimeToLive = options.GuardTime);
        builder
            .On<PersonNamed>(GraphEventKind.VertexAdded).IncludeSnapshot() // the directory of names keeps state
            .On<PersonNamed>(GraphEventKind.VertexUpdated)
            .On<FollowNotifier>(GraphEventKind.EdgeAdded, "follows"); // no snapshot: existing follows are not news
    }
}
