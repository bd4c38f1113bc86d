using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.Handlers;

/// <summary>
/// Reads a property's new values as a member type, exactly as System.Text.Json would read the JSON that
/// <see cref="GraphEvent.WriteNewValues"/> writes for them, without writing it: each value is the token
/// <see cref="PropertyValue.Token"/> names, and numbers, dates and GUIDs go through the same <see cref="Utf8JsonReader"/>
/// parsers System.Text.Json's converters call, over the value's own bytes. A value that does not fit throws the
/// <see cref="JsonException"/> the serializer would, with its path (<c>$.age</c>, <c>$.tags[1]</c>) and never the value.
/// </summary>
internal static class PropertyValueReader
{
    // Longer text is no date or GUID: System.Text.Json refuses it before parsing (42 characters at most).
    private const int MaxDateOrGuidLength = 64;
    private const int StackBytes = 400; // a date or GUID candidate fully escaped (64 × 6), or a number of that many digits

    /// <summary>One member's value: a single value, or JSON null when the property has none.</summary>
    public static TValue Read<TValue>(PropertyChange change)
    {
        IReadOnlyList<PropertyValue> values = change.NewValues;
        if (values.Count != 1)
        {
            throw NotConvertible(typeof(TValue), change.Name, index: -1); // several values are a JSON array
        }

        return ReadOne<TValue>(values[0], change.Name, index: -1);
    }

    /// <summary>An array member: every value in order; one value is no JSON array (unless it is null).</summary>
    public static TElement[]? ReadArray<TElement>(PropertyChange change)
    {
        IReadOnlyList<PropertyValue> values = change.NewValues;
        if (!IsArray<TElement[]>(values, change.Name))
        {
            return null;
        }

        var result = new TElement[values.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = ReadOne<TElement>(values[i], change.Name, i);
        }

        return result;
    }

    /// <summary>A list member (<c>List&lt;T&gt;</c> or an interface it implements).</summary>
    public static List<TElement>? ReadList<TElement>(PropertyChange change)
    {
        IReadOnlyList<PropertyValue> values = change.NewValues;
        if (!IsArray<List<TElement>>(values, change.Name))
        {
            return null;
        }

        var result = new List<TElement>(values.Count);
        for (int i = 0; i < values.Count; i++)
        {
            result.Add(ReadOne<TElement>(values[i], change.Name, i));
        }

        return result;
    }

    /// <summary>
    /// A date as System.Text.Json writes it: ISO 8601 with the fraction's trailing zeros cut (and its point when
    /// nothing is left), e.g. <c>1990-04-12T00:00:00+00:00</c>.
    /// </summary>
    public static int FormatDate(DateTimeOffset date, Span<byte> destination)
    {
        // 'O' always writes seven fraction digits after the seconds: yyyy-MM-ddTHH:mm:ss.fffffff+hh:mm
        const int FractionStart = 20;
        const int FractionDigits = 7;
        Utf8Formatter.TryFormat(date, destination, out int written, new StandardFormat('O'));
        int digits = FractionDigits;
        while (digits > 0 && destination[FractionStart + digits - 1] == (byte)'0')
        {
            digits--;
        }

        int cut = FractionDigits - digits + (digits == 0 ? 1 : 0); // the point goes with the last digit
        int offsetStart = FractionStart + FractionDigits;
        destination[offsetStart..written].CopyTo(destination[(offsetStart - cut)..]);
        return written - cut;
    }

    private static bool IsArray<TArray>(IReadOnlyList<PropertyValue> values, string name)
    {
        if (values.Count != 1)
        {
            return true;
        }

        if (values[0].Token(out _) == PropertyValueToken.Null)
        {
            return false; // JSON null: a null collection
        }

        throw NotConvertible(typeof(TArray), name, index: -1); // one value is no JSON array
    }

    private static TValue ReadOne<TValue>(in PropertyValue value, string name, int index)
    {
        PropertyValueToken token = value.Token(out DateTimeOffset date);
        if (token == PropertyValueToken.Null)
        {
            // null binds to a class or a Nullable<T>, as the serializer's converters let it; a value type refuses it.
            return default(TValue) is null ? default! : throw NotConvertible(typeof(TValue), name, index);
        }

        if (typeof(TValue) == typeof(string))
        {
            string text = token switch
            {
                PropertyValueToken.String => WellFormed(value.Text!),
                PropertyValueToken.Date => DateText(date),
                _ => throw NotConvertible(typeof(TValue), name, index),
            };
            return Unsafe.As<string, TValue>(ref text);
        }

        var scalar = new Scalar(value, token, date, typeof(TValue), name, index);
        return typeof(TValue) switch
        {
            var t when t == typeof(int) || t == typeof(int?) => As<int, TValue>(scalar.Read<int>()),
            var t when t == typeof(long) || t == typeof(long?) => As<long, TValue>(scalar.Read<long>()),
            var t when t == typeof(double) || t == typeof(double?) => As<double, TValue>(scalar.Read<double>()),
            var t when t == typeof(bool) || t == typeof(bool?) => As<bool, TValue>(scalar.Read<bool>()),
            var t when t == typeof(DateTimeOffset) || t == typeof(DateTimeOffset?) => As<DateTimeOffset, TValue>(scalar.Read<DateTimeOffset>()),
            var t when t == typeof(DateTime) || t == typeof(DateTime?) => As<DateTime, TValue>(scalar.Read<DateTime>()),
            var t when t == typeof(decimal) || t == typeof(decimal?) => As<decimal, TValue>(scalar.Read<decimal>()),
            var t when t == typeof(float) || t == typeof(float?) => As<float, TValue>(scalar.Read<float>()),
            var t when t == typeof(Guid) || t == typeof(Guid?) => As<Guid, TValue>(scalar.Read<Guid>()),
            var t when t == typeof(short) || t == typeof(short?) => As<short, TValue>(scalar.Read<short>()),
            var t when t == typeof(byte) || t == typeof(byte?) => As<byte, TValue>(scalar.Read<byte>()),
            var t when t == typeof(sbyte) || t == typeof(sbyte?) => As<sbyte, TValue>(scalar.Read<sbyte>()),
            var t when t == typeof(ushort) || t == typeof(ushort?) => As<ushort, TValue>(scalar.Read<ushort>()),
            var t when t == typeof(uint) || t == typeof(uint?) => As<uint, TValue>(scalar.Read<uint>()),
            var t when t == typeof(ulong) || t == typeof(ulong?) => As<ulong, TValue>(scalar.Read<ulong>()),
            _ => throw new NotSupportedException($"Generated binders do not read {typeof(TValue)}."),
        };
    }

    // The JSON writer replaces a lone surrogate with U+FFFD, so the serializer reads that back: so does this (a pair
    // survives the round trip through UTF-8 unchanged). Text with no surrogate at all is the common case and costs a scan.
    private static string WellFormed(string text) =>
        text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0 ? text : Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));

    private static string DateText(DateTimeOffset date)
    {
        Span<byte> bytes = stackalloc byte[40];
        return Encoding.ASCII.GetString(bytes[..FormatDate(date, bytes)]);
    }

    // TValue is TRead or TRead? (the member's type); no boxing either way.
    private static TValue As<TRead, TValue>(TRead value)
        where TRead : struct
    {
        if (typeof(TValue) == typeof(TRead))
        {
            return Unsafe.As<TRead, TValue>(ref value);
        }

        TRead? nullable = value;
        return Unsafe.As<TRead?, TValue>(ref nullable);
    }

    /// <summary>One value that is not null, read as a value type the way its System.Text.Json converter reads it.</summary>
    private readonly ref struct Scalar(in PropertyValue value, PropertyValueToken token, DateTimeOffset date, Type member, string name, int index)
    {
        private readonly PropertyValue _value = value;

        public T Read<T>()
            where T : struct
        {
            if (typeof(T) == typeof(bool))
            {
                // The converter takes the literals true and false only.
                bool flag = token switch
                {
                    PropertyValueToken.True => true,
                    PropertyValueToken.False => false,
                    _ => throw NotConvertible(member, name, index),
                };
                return Unsafe.As<bool, T>(ref flag);
            }

            // A date or GUID converter takes a JSON string, a number converter a JSON number: anything else fails as
            // it would in the serializer, and so does text longer than any date or GUID.
            bool fromText = typeof(T) == typeof(DateTimeOffset) || typeof(T) == typeof(DateTime) || typeof(T) == typeof(Guid);
            bool fits = fromText
                ? token == PropertyValueToken.Date || (token == PropertyValueToken.String && _value.Text!.Length <= MaxDateOrGuidLength)
                : token == PropertyValueToken.Number;
            if (!fits)
            {
                throw NotConvertible(member, name, index);
            }

            if (typeof(T) == typeof(DateTimeOffset) && token == PropertyValueToken.Date)
            {
                // The ISO text the writer makes of a date ('O': every tick, the offset) reads back as the same value.
                DateTimeOffset same = date;
                return Unsafe.As<DateTimeOffset, T>(ref same);
            }

            byte[]? rented = null;
            try
            {
                var reader = new Utf8JsonReader(Json(stackalloc byte[StackBytes], ref rented));
                reader.Read();
                return TryGet(ref reader, out T result) ? result : throw NotConvertible(member, name, index);
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }

        // The token's JSON: a number's own text, a date as the serializer writes it, or the text as a JSON string.
        private Span<byte> Json(Span<byte> buffer, ref byte[]? rented)
        {
            if (token == PropertyValueToken.Date)
            {
                buffer[0] = (byte)'"';
                int length = FormatDate(date, buffer[1..]);
                buffer[length + 1] = (byte)'"';
                return buffer[..(length + 2)];
            }

            if (token == PropertyValueToken.Number)
            {
                ReadOnlySpan<char> number = _value.Text.AsSpan().Trim(); // JSON's number grammar: ASCII only
                Span<byte> bytes = number.Length <= buffer.Length ? buffer : (rented = ArrayPool<byte>.Shared.Rent(number.Length));
                return bytes[..Encoding.ASCII.GetBytes(number, bytes)];
            }

            return QuotedString(_value.Text!, buffer);
        }

        private static bool TryGet<T>(ref Utf8JsonReader reader, out T result)
            where T : struct
        {
            bool read;
            Unsafe.SkipInit(out result);
            if (typeof(T) == typeof(int)) { read = reader.TryGetInt32(out Unsafe.As<T, int>(ref result)); }
            else if (typeof(T) == typeof(long)) { read = reader.TryGetInt64(out Unsafe.As<T, long>(ref result)); }
            else if (typeof(T) == typeof(double)) { read = reader.TryGetDouble(out Unsafe.As<T, double>(ref result)); }
            else if (typeof(T) == typeof(decimal)) { read = reader.TryGetDecimal(out Unsafe.As<T, decimal>(ref result)); }
            else if (typeof(T) == typeof(float)) { read = reader.TryGetSingle(out Unsafe.As<T, float>(ref result)); }
            else if (typeof(T) == typeof(short)) { read = reader.TryGetInt16(out Unsafe.As<T, short>(ref result)); }
            else if (typeof(T) == typeof(byte)) { read = reader.TryGetByte(out Unsafe.As<T, byte>(ref result)); }
            else if (typeof(T) == typeof(sbyte)) { read = reader.TryGetSByte(out Unsafe.As<T, sbyte>(ref result)); }
            else if (typeof(T) == typeof(ushort)) { read = reader.TryGetUInt16(out Unsafe.As<T, ushort>(ref result)); }
            else if (typeof(T) == typeof(uint)) { read = reader.TryGetUInt32(out Unsafe.As<T, uint>(ref result)); }
            else if (typeof(T) == typeof(ulong)) { read = reader.TryGetUInt64(out Unsafe.As<T, ulong>(ref result)); }
            else if (typeof(T) == typeof(DateTimeOffset)) { read = reader.TryGetDateTimeOffset(out Unsafe.As<T, DateTimeOffset>(ref result)); }
            else if (typeof(T) == typeof(DateTime)) { read = reader.TryGetDateTime(out Unsafe.As<T, DateTime>(ref result)); }
            else if (typeof(T) == typeof(Guid)) { read = reader.TryGetGuid(out Unsafe.As<T, Guid>(ref result)); }
            else { throw new NotSupportedException($"Generated binders do not read {typeof(T)}."); }

            return read;
        }
    }

    // A JSON string of the text: quote, backslash and control characters escaped (\uXXXX), the rest as UTF-8. The
    // reader unescapes it to the same text the serializer would have read from its own escaping.
    private static Span<byte> QuotedString(string text, Span<byte> buffer)
    {
        int at = 0;
        buffer[at++] = (byte)'"';
        foreach (Rune rune in text.EnumerateRunes())
        {
            if (rune.Value is '"' or '\\' or < 0x20)
            {
                "\\u00"u8.CopyTo(buffer[at..]);
                buffer[at + 4] = (byte)"0123456789abcdef"[rune.Value >> 4];
                buffer[at + 5] = (byte)"0123456789abcdef"[rune.Value & 0xF];
                at += 6;
            }
            else
            {
                at += rune.EncodeToUtf8(buffer[at..]);
            }
        }

        buffer[at++] = (byte)'"';
        return buffer[..at];
    }

    private static JsonException NotConvertible(Type type, string name, int index)
    {
        string path = index < 0 ? $"$.{name}" : $"$.{name}[{index}]";
        return new JsonException($"The JSON value could not be converted to {type}. Path: {path}", path, lineNumber: null, bytePositionInLine: null);
    }
}
