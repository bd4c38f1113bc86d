namespace SearchSync.Search;

/// <summary>What one bulk request did.</summary>
/// <param name="Written">Documents indexed or deleted.</param>
/// <param name="Stale">Writes Elasticsearch refused because it holds the same or a newer version: already up to date.</param>
public readonly record struct BulkOutcome(int Written, int Stale);
