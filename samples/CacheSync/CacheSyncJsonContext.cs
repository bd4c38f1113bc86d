using System.Text.Json.Serialization;

namespace CacheSync;

/// <summary>Source-generated JSON metadata for what the sample writes (Native-AOT safe).</summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class CacheSyncJsonContext : JsonSerializerContext;
