using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace Neptune.Streams.Lambda.ChangeRecords;

/// <summary>
/// Turns short UTF-8 tokens (type codes, ops, data types, property keys, element ids) into strings, returning the
/// same instance for the same bytes: a batch repeats them record after record, and each copy would be garbage.
/// Direct-mapped and bounded (a miss costs nothing more than the string); one instance per thread.
/// </summary>
internal sealed class Utf8StringCache
{
    private const int SlotBits = 9;
    private const int Slots = 1 << SlotBits;
    private const int MaxBytes = 96;
    /// <summary>UTF-8 that throws on invalid bytes, as <see cref="Utf8JsonReader.GetString"/> refuses them.</summary>
    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [ThreadStatic]
    private static Utf8StringCache? t_current;

    private readonly string?[] _strings = new string[Slots];

    /// <summary>The calling thread's cache.</summary>
    public static Utf8StringCache Current => t_current ??= new Utf8StringCache();

    /// <summary>The current string token of <paramref name="reader"/>.</summary>
    /// <exception cref="DecoderFallbackException">The token is not valid UTF-8.</exception>
    public string GetString(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxBytes)
        {
            return reader.GetString()!;
        }

        return Get(reader.ValueSpan);
    }

    /// <summary>The string of <paramref name="utf8"/>, shared with earlier calls for the same bytes.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxBytes)
        {
            return StrictUtf8.GetString(utf8);
        }

        int slot = Slot(utf8);
        // Only ASCII tokens are kept (ids, keys and type codes are): they compare byte for char without a copy.
        if (_strings[slot] is { } known && Ascii.Equals(utf8, known))
        {
            return known;
        }

        string value = StrictUtf8.GetString(utf8);
        if (value.Length == utf8.Length)
        {
            _strings[slot] = value;
        }

        return value;
    }

    /// <summary>
    /// The token's slot, from its length and its first and last eight bytes: ids, keys and type codes differ there
    /// (a counter at the end, a prefix at the start), and a general-purpose hash of every byte cost more than the
    /// string it saves. Tokens that differ only in the middle share a slot, which only costs them the cache.
    /// </summary>
    private static int Slot(ReadOnlySpan<byte> utf8)
    {
        ulong mixed;
        if (utf8.Length >= sizeof(ulong))
        {
            mixed = BinaryPrimitives.ReadUInt64LittleEndian(utf8) ^ BitOperations.RotateLeft(BinaryPrimitives.ReadUInt64LittleEndian(utf8[^sizeof(ulong)..]), 29);
        }
        else
        {
            mixed = 0;
            foreach (byte b in utf8)
            {
                mixed = (mixed << 8) | b;
            }
        }

        mixed = (mixed ^ (uint)utf8.Length) * 0x9E3779B97F4A7C15UL; // Fibonacci hashing: the top bits depend on all of them
        return (int)(mixed >> (64 - SlotBits));
    }
}
