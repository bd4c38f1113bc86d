using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SearchSync;

/// <summary>
/// Source-generated JSON metadata for what the client's source serializer handles: the documents, and the free-form
/// values of Elasticsearch error bodies (the extra fields of a bulk item's error arrive as <c>object</c>).
/// </summary>
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(object))]
internal sealed partial class SearchSyncJsonContext : JsonSerializerContext;
