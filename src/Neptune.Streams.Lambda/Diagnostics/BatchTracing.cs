using System.Diagnostics;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Hosting;

namespace Neptune.Streams.Lambda.Diagnostics;

/// <summary>
/// Starts and ends the library's spans. Without a listener <see cref="ActivitySource.StartActivity(string, ActivityKind)"/>
/// returns null and nothing is allocated. Attributes name records and handlers, never property values.
/// </summary>
internal static class BatchTracing
{
    public const string Ok = "ok";
    public const string Failed = "failed";

    private static readonly ActivitySource Source = new(NeptuneStreamsTelemetry.ActivitySourceName);

    /// <summary>The batch span, parented on the current activity or else on Lambda's trace header.</summary>
    public static Activity? StartBatch(InvocationContext invocation, int records)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        // An activity already current (a host's own span) is the parent; otherwise Lambda's trace, when it has one.
        ActivityContext parent = Activity.Current is null && TraceHeader.TryParse(invocation.TraceId, out var lambdaTrace)
            ? lambdaTrace
            : default;

        Activity? activity = Source.StartActivity("neptune_streams.batch", ActivityKind.Consumer, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("faas.invocation_id", invocation.AwsRequestId);
            activity.SetTag("faas.name", invocation.FunctionName);
            activity.SetTag("messaging.system", "aws_kinesis");
            activity.SetTag("messaging.batch.message_count", records);
        }

        return activity;
    }

    public static Activity? StartEvent(GraphEvent graphEvent)
    {
        Activity? activity = Source.StartActivity("neptune_streams.event", ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("neptune_streams.shard_id", graphEvent.Position.ShardId);
            activity.SetTag("neptune_streams.sequence_number", graphEvent.Position.SequenceNumber);
            activity.SetTag("neptune_streams.event_id", graphEvent.FirstEventId.ToString());
            activity.SetTag("neptune_streams.event_kind", graphEvent.Kind.ToString());
            activity.SetTag("neptune_streams.label", graphEvent.Label);
        }

        return activity;
    }

    public static Activity? StartHandler(string handler)
    {
        Activity? activity = Source.StartActivity("neptune_streams.handler", ActivityKind.Internal);
        activity?.SetTag("neptune_streams.handler", handler);
        return activity;
    }

    /// <summary>Sets the outcome (and, on failure, the exception's type, never its message) and ends the span.</summary>
    public static void End(Activity? activity, bool succeeded, Exception? exception = null, int? attempts = null)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("neptune_streams.outcome", succeeded ? Ok : Failed);
        if (attempts is { } n)
        {
            activity.SetTag("neptune_streams.attempts", n);
        }

        if (!succeeded)
        {
            activity.SetStatus(ActivityStatusCode.Error, exception?.GetType().Name);
            if (exception is not null)
            {
                activity.SetTag("error.type", exception.GetType().FullName);
            }
        }

        activity.Dispose();
    }
}
