using System.Text.Json.Serialization;

namespace Neptune.Streams.Lambda.Hosting;

/// <summary>Source-generated JSON metadata for the Runtime API's error body (no reflection).</summary>
[JsonSerializable(typeof(RuntimeError))]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext;
