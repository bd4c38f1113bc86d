using System.Text.Json.Serialization;

namespace MyFunction;

/// <summary>
/// Source-generated JSON metadata for the types your handlers bind properties to: what keeps binding Native AOT safe.
/// Add a <c>[JsonSerializable(typeof(YourType))]</c> line for every new one.
/// </summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(Person))]
public sealed partial class FunctionJsonContext : JsonSerializerContext;
