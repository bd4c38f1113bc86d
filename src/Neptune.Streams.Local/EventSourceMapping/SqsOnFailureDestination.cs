using Amazon.SQS;
using Amazon.SQS.Model;

namespace Neptune.Streams.Local.EventSourceMapping;

/// <summary>An on-failure destination that sends Lambda's on-failure message (<see cref="OnFailureRecord.ToJson"/>) to an SQS queue.</summary>
public static class SqsOnFailureDestination
{
    /// <summary>A destination for <see cref="EventSourceMappingOptions.OnFailure"/> that sends each message to <paramref name="queueUrl"/>.</summary>
    public static Func<OnFailureRecord, CancellationToken, Task> Create(IAmazonSQS sqs, string queueUrl)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        ArgumentException.ThrowIfNullOrEmpty(queueUrl);
        return async (record, cancellationToken) =>
        {
            await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = queueUrl, MessageBody = record.ToJson() }, cancellationToken).ConfigureAwait(false);
        };
    }
}
