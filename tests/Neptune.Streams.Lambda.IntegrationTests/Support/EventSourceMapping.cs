using Neptune.Streams.Lambda.Kinesis;
using Neptune.Streams.Lambda.Processing;

namespace Neptune.Streams.Lambda.IntegrationTests.Support;

/// <summary>
/// What Lambda's Kinesis event source mapping does with a partial-batch response: redeliver from the reported record
/// until the batch succeeds or <c>MaximumRetryAttempts</c> runs out, then give up on the records left.
/// </summary>
internal static class EventSourceMapping
{
    /// <summary>Returns the records given up on (lost unless an on-failure destination keeps them) and the retries used.</summary>
    public static async Task<(IReadOnlyList<KinesisEventRecord> GivenUp, int Retries)> DeliverAsync(
        IList<KinesisEventRecord> batch, Func<IReadOnlyList<KinesisEventRecord>, Task<BatchResult>> invoke, int maximumRetryAttempts)
    {
        List<KinesisEventRecord> left = [.. batch];
        for (int retries = 0; ; retries++)
        {
            BatchResult result = await invoke(left);
            if (result.Summary.FailedSequenceNumber is not { } failed)
            {
                return ([], retries);
            }

            left = left.SkipWhile(r => r.Kinesis.SequenceNumber != failed).ToList();
            if (retries == maximumRetryAttempts)
            {
                return (left, retries);
            }
        }
    }
}
