using System.Text.Json.Serialization;

namespace Neptune.Streams.Lambda.Kinesis;

/// <summary>One entry of <see cref="StreamsEventResponse.BatchItemFailures"/>.</summary>
public sealed class BatchItemFailure
{
    /// <summary>The sequence number of the record Lambda should retry from.</summary>
    [JsonPropertyName("itemIdentifier")]
    public string ItemIdentifier { get; set; } = string.Empty;
}
