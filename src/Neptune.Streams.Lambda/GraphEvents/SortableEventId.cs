using System.Globalization;

namespace Neptune.Streams.Lambda.GraphEvents;

/// <summary>
/// A Neptune event id as a string whose ordinal order is the id's order: commit and op numbers zero-padded to 19 digits
/// (the width of <see cref="long.MaxValue"/>), so DynamoDB conditions like <c>pos &lt; :new</c> compare positions.
/// </summary>
internal static class SortableEventId
{
    /// <summary><c>commitNum:opNum</c>, each zero-padded to 19 digits; negative numbers (never written by Neptune) as 0.</summary>
    public static string Format(NeptuneEventId eventId) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, eventId.CommitNum):D19}:{Math.Max(0, eventId.OpNum):D19}");
}
