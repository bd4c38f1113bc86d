namespace Neptune.Streams.Local.Pipeline;

/// <summary>One thing the local pipeline did, for a console to show. Never carries property values.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Description">A short text (e.g. <c>person added</c>, <c>batch of 12 records from shardId-000000000001</c>).</param>
/// <param name="Count">How many records or changes.</param>
public sealed record PipelineActivity(PipelineActivityKind Kind, string Description, int Count);
