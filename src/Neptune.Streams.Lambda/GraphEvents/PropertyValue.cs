using System.Globalization;
using System.Text.Json;

namespace Neptune.Streams.Lambda.GraphEvents;

/// <summary>
/// One property value as Neptune wrote it: the text, how it was written in JSON, and Neptune's data type
/// (<c>String</c>, <c>Date</c>, <c>Int</c>, <c>Long</c>, <c>Double</c>, <c>Boolean</c>, … compared case-insensitively).
/// </summary>
public readonly struct PropertyValue : IEquatable<PropertyValue>
{
    /// <summary>Creates a value.</summary>
    /// <param name="text">The value's text (a number's exact JSON text; <c>true</c>/<c>false</c> for booleans).</param>
    /// <param name="kind">How the value was written in JSON.</param>
    /// <param name="dataType">Neptune's data type name, or null when the record gave none.</param>
    public PropertyValue(string? text, PropertyValueKind kind, string? dataType)
    {
        Text = text;
        Kind = kind;
        DataType = dataType;
    }

    /// <summary>The value's text; null for <see cref="PropertyValueKind.None"/>.</summary>
    public string? Text { get; }

    /// <summary>How the value was written in JSON.</summary>
    public PropertyValueKind Kind { get; }

    /// <summary>Neptune's data type name as the record spelled it, or null.</summary>
    public string? DataType { get; }

    /// <summary>True when the data type is <c>Date</c>.</summary>
    public bool IsDate => DataTypeIs("Date");

    /// <summary>The value as a string.</summary>
    public override string ToString() => Text ?? string.Empty;

    /// <summary>The value as a 64-bit integer, when it is one (written as a number or as numeric text).</summary>
    public bool TryGetInt64(out long value) =>
        long.TryParse(Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    /// <summary>The value as a double, when it is a number (written as a number or as numeric text).</summary>
    public bool TryGetDouble(out double value) =>
        double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>The value as a boolean, when it is one.</summary>
    public bool TryGetBoolean(out bool value) => bool.TryParse(Text, out value);

    /// <summary>
    /// The value as a point in time: epoch milliseconds (how Neptune writes <c>Date</c>) or ISO-8601 text
    /// (how <c>neptune-export</c> writes it).
    /// </summary>
    public bool TryGetDateTimeOffset(out DateTimeOffset value)
    {
        // A JSON number, or numeric text typed Date, is epoch milliseconds.
        if ((Kind == PropertyValueKind.Number || IsDate) && TryGetInt64(out long ms))
        {
            bool inRange = ms is >= -62135596800000 and <= 253402300799999;
            value = inRange ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : default;
            return inRange;
        }

        return DateTimeOffset.TryParse(Text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    /// <summary>
    /// Writes the value as the JSON a user's type binds to: numbers and booleans as such (also when they arrived as
    /// text with a numeric or boolean data type), dates as ISO-8601 strings, everything else as a string.
    /// </summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        PropertyValueToken token = Token(out DateTimeOffset date);
        switch (token)
        {
            case PropertyValueToken.Null:
                writer.WriteNullValue();
                break;
            case PropertyValueToken.Date:
                writer.WriteStringValue(date);
                break;
            case PropertyValueToken.True:
            case PropertyValueToken.False:
                writer.WriteBooleanValue(token == PropertyValueToken.True);
                break;
            case PropertyValueToken.Number:
                writer.WriteRawValue(Text.AsSpan().Trim(), skipInputValidation: true);
                break;
            default:
                writer.WriteStringValue(Text);
                break;
        }
    }

    /// <summary>
    /// The JSON token the value binds as (what <see cref="WriteTo"/> writes): generated binders read the same token
    /// without writing it. A <see cref="PropertyValueToken.Number"/>'s text is <see cref="Text"/> trimmed.
    /// </summary>
    internal PropertyValueToken Token(out DateTimeOffset date)
    {
        date = default;
        if (Kind == PropertyValueKind.None || Text is null)
        {
            return PropertyValueToken.Null;
        }

        if (IsDate && TryGetDateTimeOffset(out date))
        {
            return PropertyValueToken.Date;
        }

        if (Kind == PropertyValueKind.Boolean || (IsBooleanType && TryGetBoolean(out _)))
        {
            return TryGetBoolean(out bool b) && b ? PropertyValueToken.True : PropertyValueToken.False;
        }

        // Only text in JSON's number grammar is a number: "NaN", "+5" or ".5" parse as doubles but are not JSON, and
        // stay strings (a string member takes them; a numeric member fails to bind, permanently).
        return (Kind == PropertyValueKind.Number || IsNumericType) && JsonNumberGrammar.IsNumber(Text.AsSpan().Trim())
            ? PropertyValueToken.Number
            : PropertyValueToken.String;
    }

    private bool IsBooleanType => DataTypeIs("Bool") || DataTypeIs("Boolean");

    private bool IsNumericType =>
        DataType is not null && (DataTypeIs("Int") || DataTypeIs("Integer") || DataTypeIs("Long") || DataTypeIs("Short")
            || DataTypeIs("Byte") || DataTypeIs("Float") || DataTypeIs("Double") || DataTypeIs("Decimal"));

    private bool DataTypeIs(string name) => string.Equals(DataType, name, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public bool Equals(PropertyValue other) =>
        Kind == other.Kind && string.Equals(Text, other.Text, StringComparison.Ordinal)
        && string.Equals(DataType, other.DataType, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PropertyValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Text);

    /// <summary>Value equality.</summary>
    public static bool operator ==(PropertyValue left, PropertyValue right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(PropertyValue left, PropertyValue right) => !left.Equals(right);
}

/// <summary>The JSON token a <see cref="PropertyValue"/> binds as.</summary>
internal enum PropertyValueToken
{
    Null,
    String,
    Date,
    Number,
    True,
    False,
}
