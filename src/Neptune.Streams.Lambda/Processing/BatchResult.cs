using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Lambda.Processing;

/// <summary>The response for Lambda and the summary for metrics.</summary>
internal sealed record BatchResult(StreamsEventResponse Response, BatchSummary Summary);
