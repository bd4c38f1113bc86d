using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Neptune.Streams.Lambda.Json;

/// <summary>
/// The pieces of JSON the plain readers (<see cref="ChangeRecords.PlainRecordReader"/>,
/// <see cref="Kinesis.PlainEventReader"/>) read straight from bytes, each checked as JSON defines it so that a plain
/// reader never takes what <see cref="System.Text.Json.Utf8JsonReader"/> refuses. An index past the end reads as 0,
/// a byte JSON never has outside a string, so a value cut off fails its check instead of throwing.
/// </summary>
internal static class PlainJson
{
    /// <summary>
    /// How deep a skipped value may nest: what a plain reader skips sits at most four levels down (an envelope's records,
    /// a record, its data), so the whole stays well inside the general readers' depth limits, which decide anything deeper.
    /// </summary>
    public const int MaxSkippedNesting = 8;

    /// <summary>
    /// Moves past an unknown member's value, checking it as JSON defines it; nesting deeper than
    /// <see cref="MaxSkippedNesting"/> goes to the general reader, which applies its depth limit.
    /// </summary>
    public static bool TrySkipValue(ReadOnlySpan<byte> json, ref int i, int nesting = 0)
    {
        bool end;
        switch (At(json, i))
        {
            case (byte)'{':
                if (nesting == MaxSkippedNesting)
                {
                    return false;
                }

                end = EnterObject(json, ref i);
                while (!end)
                {
                    if (!MemberName(json, ref i, out _, out _) || !TrySkipValue(json, ref i, nesting + 1) || !NextItem(json, ref i, (byte)'}', out end))
                    {
                        return false;
                    }
                }

                return true;
            case (byte)'[':
                if (nesting == MaxSkippedNesting)
                {
                    return false;
                }

                end = EnterArray(json, ref i);
                while (!end)
                {
                    if (!TrySkipValue(json, ref i, nesting + 1) || !NextItem(json, ref i, (byte)']', out end))
                    {
                        return false;
                    }
                }

                return true;
            case (byte)'"':
                int stringEnd = StringEnd(json, i + 1, out _);
                if (stringEnd < 0)
                {
                    return false;
                }

                i = stringEnd + 1;
                return true;
            case (byte)'t':
                return Literal(json, ref i, "true"u8);
            case (byte)'f':
                return Literal(json, ref i, "false"u8);
            case (byte)'n':
                return Literal(json, ref i, "null"u8);
            default:
                int numberEnd = NumberEnd(json, i);
                if (numberEnd < 0)
                {
                    return false;
                }

                i = numberEnd;
                return true;
        }
    }

    /// <summary>Steps into the object at <paramref name="i"/>: true when it is <c>{}</c> (then past it).</summary>
    public static bool EnterObject(ReadOnlySpan<byte> json, ref int i)
    {
        i = Whitespace(json, i + 1);
        if (At(json, i) != '}')
        {
            return false;
        }

        i++;
        return true;
    }

    /// <summary>Steps into the array at <paramref name="i"/>: true when it is <c>[]</c> (then past it).</summary>
    public static bool EnterArray(ReadOnlySpan<byte> json, ref int i)
    {
        i = Whitespace(json, i + 1);
        if (At(json, i) != ']')
        {
            return false;
        }

        i++;
        return true;
    }

    /// <summary>
    /// True, with <paramref name="i"/> on the value, when the member name at <paramref name="i"/> is the one
    /// <paramref name="quotedName"/> spells with its quotes and colon (<c>"data":</c>): a reader that knows which member
    /// its writer puts next tries that name first, which skips the search for the name's end. False, and
    /// <paramref name="i"/> unchanged, otherwise.
    /// </summary>
    public static bool ExpectedName(ReadOnlySpan<byte> json, ref int i, ReadOnlySpan<byte> quotedName)
    {
        if (!Follows(json, i, quotedName))
        {
            return false;
        }

        i = Whitespace(json, i + quotedName.Length);
        return true;
    }

    /// <summary>
    /// A member name that is not escaped, and its colon, as <see cref="RawName(ReadOnlySpan{byte}, ref int, out ReadOnlySpan{byte})"/>
    /// reads it, except that the name the reader expects (<paramref name="expectedQuoted"/>, see
    /// <see cref="ExpectedName"/>; empty for none) is tried first: when it is there, <paramref name="isExpected"/> is true and
    /// <paramref name="name"/> is empty.
    /// </summary>
    public static bool RawName(
        ReadOnlySpan<byte> json, ref int i, ReadOnlySpan<byte> expectedQuoted, out bool isExpected, out ReadOnlySpan<byte> name)
    {
        name = default;
        isExpected = !expectedQuoted.IsEmpty && ExpectedName(json, ref i, expectedQuoted);
        return isExpected || RawName(json, ref i, out name);
    }

    /// <summary>True when the bytes at <paramref name="i"/> are <paramref name="literal"/>.</summary>
    public static bool Follows(ReadOnlySpan<byte> json, int i, ReadOnlySpan<byte> literal) =>
        (uint)i <= (uint)json.Length && json[i..].StartsWith(literal);

    /// <summary>A member name that is not escaped, and its colon; <paramref name="i"/> ends on the value.</summary>
    public static bool RawName(ReadOnlySpan<byte> json, ref int i, out ReadOnlySpan<byte> name) =>
        MemberName(json, ref i, out name, out bool escaped) && !escaped;

    /// <summary>A member name as written (<paramref name="escaped"/> when it holds escapes), and its colon; <paramref name="i"/> ends on the value.</summary>
    private static bool MemberName(ReadOnlySpan<byte> json, ref int i, out ReadOnlySpan<byte> name, out bool escaped)
    {
        name = default;
        escaped = false;
        if (At(json, i) != '"')
        {
            return false;
        }

        int end = StringEnd(json, i + 1, out escaped);
        if (end < 0)
        {
            return false;
        }

        name = json[(i + 1)..end];
        i = end + 1;
        if (At(json, i) != ':')
        {
            i = Whitespace(json, i);
            if (At(json, i) != ':')
            {
                return false;
            }
        }

        i = Whitespace(json, i + 1);
        return true;
    }

    /// <summary>
    /// The text of the escaped string whose quotes are at <paramref name="open"/> and <paramref name="close"/>, unescaped
    /// by <see cref="System.Text.Json.Utf8JsonReader"/> itself (which throws <see cref="InvalidOperationException"/> when
    /// it does not unescape to valid UTF-16).
    /// </summary>
    public static string Unescaped(ReadOnlySpan<byte> json, int open, int close)
    {
        var reader = new System.Text.Json.Utf8JsonReader(json[open..(close + 1)]);
        reader.Read();
        return reader.GetString()!;
    }

    /// <summary>After a value: a comma (then on the next item) or <paramref name="close"/> (then past it, <paramref name="end"/>).</summary>
    public static bool NextItem(ReadOnlySpan<byte> json, ref int i, byte close, out bool end)
    {
        i = Whitespace(json, i);
        byte next = At(json, i);
        end = next == close;
        if (end)
        {
            i++;
            return true;
        }

        if (next != ',')
        {
            return false;
        }

        i = Whitespace(json, i + 1);
        return true;
    }

    public static bool Literal(ReadOnlySpan<byte> json, ref int i, ReadOnlySpan<byte> literal)
    {
        if (!json[i..].StartsWith(literal))
        {
            return false;
        }

        i += literal.Length;
        return true;
    }

    /// <summary>
    /// The index of the closing quote of the string whose text starts at <paramref name="start"/>, or -1 when it is not
    /// a valid JSON string: plain runs found vectorized, escapes checked as JSON defines them, control characters refused.
    /// </summary>
    public static int StringEnd(ReadOnlySpan<byte> json, int start, out bool escaped)
    {
        escaped = false;
        int at = start;
        while (true)
        {
            int run = IndexOfStringStop(json[at..]);
            if (run < 0)
            {
                return -1;
            }

            at += run;
            byte stop = json[at];
            if (stop == '"')
            {
                return at;
            }

            if (stop != '\\')
            {
                return -1; // a control character, which JSON strings may not hold
            }

            escaped = true;
            switch (At(json, at + 1))
            {
                case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                    at += 2;
                    break;
                case (byte)'u' when IsHex(At(json, at + 2)) && IsHex(At(json, at + 3)) && IsHex(At(json, at + 4)) && IsHex(At(json, at + 5)):
                    at += 6;
                    break;
                default:
                    return -1;
            }
        }
    }

    /// <summary>
    /// The index of the first byte that ends a plain run of a string (its closing quote, an escape, or a control
    /// character, which JSON strings may not hold), or -1. Three compares per vector: a <c>SearchValues</c> set of these
    /// 34 bytes takes a table lookup per vector, and this search is the larger part of reading an envelope's base64.
    /// </summary>
    internal static int IndexOfStringStop(ReadOnlySpan<byte> text)
    {
        ref byte start = ref MemoryMarshal.GetReference(text);
        int length = text.Length;
        if (Vector256.IsHardwareAccelerated && length >= Vector256<byte>.Count)
        {
            int last = length - Vector256<byte>.Count;
            for (int i = 0; ; i += Vector256<byte>.Count)
            {
                // The last vector overlaps the one before it rather than leaving a scalar tail.
                i = Math.Min(i, last);
                uint stops = StringStops(Vector256.LoadUnsafe(ref start, (nuint)i)).ExtractMostSignificantBits();
                if (stops != 0)
                {
                    return i + BitOperations.TrailingZeroCount(stops);
                }

                if (i == last)
                {
                    return -1;
                }
            }
        }

        if (Vector128.IsHardwareAccelerated && length >= Vector128<byte>.Count)
        {
            int last = length - Vector128<byte>.Count;
            for (int i = 0; ; i += Vector128<byte>.Count)
            {
                i = Math.Min(i, last);
                uint stops = StringStops(Vector128.LoadUnsafe(ref start, (nuint)i)).ExtractMostSignificantBits();
                if (stops != 0)
                {
                    return i + BitOperations.TrailingZeroCount(stops);
                }

                if (i == last)
                {
                    return -1;
                }
            }
        }

        for (int i = 0; i < length; i++)
        {
            if (Unsafe.Add(ref start, i) is (byte)'"' or (byte)'\\' or < 0x20)
            {
                return i;
            }
        }

        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> StringStops(Vector256<byte> bytes) =>
        Vector256.Equals(bytes, Vector256.Create((byte)'"'))
        | Vector256.Equals(bytes, Vector256.Create((byte)'\\'))
        | Vector256.Equals(bytes & Vector256.Create((byte)0xE0), Vector256<byte>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> StringStops(Vector128<byte> bytes) =>
        Vector128.Equals(bytes, Vector128.Create((byte)'"'))
        | Vector128.Equals(bytes, Vector128.Create((byte)'\\'))
        | Vector128.Equals(bytes & Vector128.Create((byte)0xE0), Vector128<byte>.Zero);

    /// <summary>
    /// The end of the number starting at <paramref name="i"/>, or -1 when none starts there as JSON defines numbers:
    /// <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>.
    /// </summary>
    public static int NumberEnd(ReadOnlySpan<byte> json, int i)
    {
        int at = i;
        if (At(json, at) == '-')
        {
            at++;
        }

        if (!IsDigit(At(json, at)))
        {
            return -1;
        }

        at = json[at] == '0' ? at + 1 : Digits(json, at);
        if (At(json, at) == '.')
        {
            int fraction = at + 1;
            at = Digits(json, fraction);
            if (at == fraction)
            {
                return -1;
            }
        }

        if (At(json, at) is (byte)'e' or (byte)'E')
        {
            at++;
            if (At(json, at) is (byte)'+' or (byte)'-')
            {
                at++;
            }

            int exponent = at;
            at = Digits(json, exponent);
            if (at == exponent)
            {
                return -1;
            }
        }

        return at;
    }

    /// <summary>The byte at <paramref name="i"/>, or 0 (which JSON never has outside a string) past the end.</summary>
    public static byte At(ReadOnlySpan<byte> json, int i) => (uint)i < (uint)json.Length ? json[i] : (byte)0;

    public static int Whitespace(ReadOnlySpan<byte> json, int i)
    {
        while (At(json, i) is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            i++;
        }

        return i;
    }

    private static int Digits(ReadOnlySpan<byte> json, int i)
    {
        while (IsDigit(At(json, i)))
        {
            i++;
        }

        return i;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool IsHex(byte b) => IsDigit(b) || (uint)((b | 0x20) - 'a') <= 5;
}
