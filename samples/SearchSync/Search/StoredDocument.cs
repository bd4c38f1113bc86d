using System.Text.Json.Nodes;

namespace SearchSync.Search;

/// <summary>A document as Elasticsearch holds it: its source and its (external) version.</summary>
/// <param name="Source">The document.</param>
/// <param name="Version">The commit number that wrote it.</param>
public sealed record StoredDocument(JsonObject Source, long Version);
