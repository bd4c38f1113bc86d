namespace Neptune.Streams.Benchmarks;

/// <summary>What the typed person handler binds.</summary>
public sealed record PersonProperties(string? Name, DateTimeOffset? BirthDate);
