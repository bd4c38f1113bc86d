namespace MyFunction;

/// <summary>The properties of a <c>person</c> vertex, bound from the change records without reflection.</summary>
/// <param name="Name">The <c>name</c> property, when the change set it.</param>
/// <param name="BirthDate">The <c>birthDate</c> property (a Neptune <c>Date</c>), when the change set it.</param>
public sealed record Person(string? Name, DateTimeOffset? BirthDate);
