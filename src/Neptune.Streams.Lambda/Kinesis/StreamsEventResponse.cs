using System.Text.Json.Serialization;

namespace Neptune.Streams.Lambda.Kinesis;

/// <summary>
/// The partial-batch response (<c>ReportBatchItemFailures</c>): Lambda retries the batch from the lowest listed
/// sequence number; an empty list means the whole batch succeeded.
/// </summary>
public sealed class StreamsEventResponse
{
    /// <summary>The records to retry from; this library lists at most one, the first record not handled.</summary>
    [JsonPropertyName("batchItemFailures")]
    public IList<BatchItemFailure> BatchItemFailures { get; set; } = [];
}
