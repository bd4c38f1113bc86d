using System.Text.Json.Serialization;

namespace Neptune.Streams.Lambda.Kinesis;

/// <summary>Source-generated JSON metadata for Lambda's Kinesis event and the partial-batch response (no reflection).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(KinesisEvent))]
[JsonSerializable(typeof(StreamsEventResponse))]
internal sealed partial class LambdaEventJsonContext : JsonSerializerContext;
