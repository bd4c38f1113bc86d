using System.Text.Json.Serialization;

namespace Neptune.Streams.Lambda.DeadLetters;

/// <summary>Source-generated JSON metadata for dead-letter messages (no reflection, Native-AOT safe).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DeadLetterMessage))]
internal sealed partial class DeadLetterJsonContext : JsonSerializerContext;
