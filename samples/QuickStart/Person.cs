namespace QuickStart;

/// <summary>The properties of a <c>person</c> vertex, bound from the event without reflection.</summary>
public sealed record Person(string? Name, DateTimeOffset? BirthDate, int? Age);
