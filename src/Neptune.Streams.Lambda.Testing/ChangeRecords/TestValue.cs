using System.Globalization;
using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.Testing;

/// <summary>
/// A CLR value as Neptune writes it in a PG_JSON change record: <c>string</c> is <c>String</c>, <c>int</c> <c>Int</c>,
/// <c>long</c> <c>Long</c>, <c>double</c> <c>Double</c>, <c>bool</c> <c>Boolean</c>, <c>DateTimeOffset</c>/<c>DateTime</c>
/// <c>Date</c> (epoch milliseconds, as Neptune writes dates).
/// </summary>
internal static class TestValue
{
    public static PropertyValue From(object value, string parameterName) => value switch
    {
        PropertyValue given => given,
        string text => new PropertyValue(text, PropertyValueKind.String, "String"),
        bool flag => new PropertyValue(flag ? "true" : "false", PropertyValueKind.Boolean, "Boolean"),
        int number => new PropertyValue(number.ToString(CultureInfo.InvariantCulture), PropertyValueKind.Number, "Int"),
        long number => new PropertyValue(number.ToString(CultureInfo.InvariantCulture), PropertyValueKind.Number, "Long"),
        double number => new PropertyValue(number.ToString("R", CultureInfo.InvariantCulture), PropertyValueKind.Number, "Double"),
        float number => new PropertyValue(number.ToString("R", CultureInfo.InvariantCulture), PropertyValueKind.Number, "Float"),
        decimal number => new PropertyValue(number.ToString(CultureInfo.InvariantCulture), PropertyValueKind.Number, "Double"),
        DateTimeOffset time => Date(time),
        DateTime time => Date(new DateTimeOffset(DateTime.SpecifyKind(time, time.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : time.Kind))),
        _ => throw new ArgumentException(
            $"A Neptune property value is a string, bool, int, long, double, float, decimal, DateTimeOffset, DateTime or PropertyValue, not {value.GetType().Name}.",
            parameterName),
    };

    private static PropertyValue Date(DateTimeOffset time) =>
        new(time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), PropertyValueKind.Number, "Date");
}
