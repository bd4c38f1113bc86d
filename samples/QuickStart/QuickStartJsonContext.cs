using System.Text.Json.Serialization;

namespace QuickStart;

/// <summary>The sample's source-generated JSON metadata: what makes property binding Native-AOT safe.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(Person))]
public sealed partial class QuickStartJsonContext : JsonSerializerContext;
