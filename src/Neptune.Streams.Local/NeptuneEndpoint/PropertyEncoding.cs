using System.Globalization;

namespace Neptune.Streams.Local.NeptuneEndpoint;

/// <summary>Turns a .NET property value into the <c>value</c>/<c>dataType</c> pair Neptune writes in PG_JSON.</summary>
internal static class PropertyEncoding
{
    public static (object Value, string DataType) Encode(object value, string name) => value switch
    {
        string s => (s, "String"),
        bool b => (b, "Boolean"),
        int i => ((long)i, "Integer"),
        long l => (l, "Long"),
        short sh => ((long)sh, "Short"),
        byte by => ((long)by, "Byte"),
        double d => (d, "Double"),
        float f => ((double)f, "Float"),
        decimal m => ((double)m, "Double"),
        DateTimeOffset dto => (dto.ToUnixTimeMilliseconds(), "Date"),
        DateTime dt => (new DateTimeOffset(DateTime.SpecifyKind(dt, dt.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : dt.Kind)).ToUnixTimeMilliseconds(), "Date"),
        _ => throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"Property '{name}' has a value of type {value.GetType().Name}; use string, bool, int, long, short, byte, double, float, decimal, DateTime or DateTimeOffset."),
            nameof(value)),
    };
}
