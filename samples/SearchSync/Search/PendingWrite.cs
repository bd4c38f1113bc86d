using System.Text.Json.Nodes;

namespace SearchSync.Search;

/// <summary>One document write waiting for the batch's bulk request: an index, or a delete when there is no document.</summary>
/// <param name="Id">The vertex id, also the document id.</param>
/// <param name="Version">The Neptune commit number: the external version.</param>
/// <param name="Document">The whole document to index, or null to delete.</param>
public sealed record PendingWrite(string Id, long Version, JsonObject? Document);
