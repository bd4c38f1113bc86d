using System.Text.Json;

namespace Neptune.Streams.Lambda.Kinesis;

/// <summary>
/// Where a JSON string value sits in the invocation payload: the bytes between its quotes, and whether they hold
/// escapes. Kept instead of a string so that values only the failure paths need are never copied on the happy path.
/// </summary>
/// <param name="Start">The index of the first byte after the opening quote, or -1 for an absent or JSON null value.</param>
/// <param name="Length">The number of bytes between the quotes, as written (escaped).</param>
/// <param name="Escaped">True when the bytes hold escape sequences that must be unescaped before use.</param>
internal readonly record struct JsonSlice(int Start, int Length, bool Escaped)
{
    /// <summary>An absent or JSON null value.</summary>
    public static JsonSlice None { get; } = new(-1, 0, false);

    /// <summary>True for an absent or JSON null value.</summary>
    public bool IsNone => Start < 0;

    /// <summary>The slice of the string value the reader stands on (its token type must be <see cref="JsonTokenType.String"/>).</summary>
    public static JsonSlice Of(ref Utf8JsonReader reader) =>
        new(checked((int)reader.TokenStartIndex) + 1, reader.ValueSpan.Length, reader.ValueIsEscaped);

    /// <summary>The value as a string, unescaped; null when <see cref="IsNone"/>.</summary>
    public string? ToString(ReadOnlySpan<byte> payload)
    {
        if (IsNone)
        {
            return null;
        }

        return Escaped
            ? Json.PlainJson.Unescaped(payload, Start - 1, Start + Length)
            : System.Text.Encoding.UTF8.GetString(payload.Slice(Start, Length));
    }

    /// <summary>
    /// The value's bytes, unescaped: a slice of <paramref name="payload"/> when it holds no escapes, otherwise copied
    /// into <paramref name="scratch"/> (rented from the shared pool when null or too small; the caller returns it).
    /// </summary>
    public ReadOnlySpan<byte> Unescaped(ReadOnlySpan<byte> payload, ref byte[]? scratch)
    {
        if (IsNone)
        {
            return default;
        }

        if (!Escaped)
        {
            return payload.Slice(Start, Length);
        }

        if (scratch is null || scratch.Length < Length)
        {
            if (scratch is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
            }

            scratch = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(Length, 256));
        }

        var reader = new Utf8JsonReader(payload.Slice(Start - 1, Length + 2));
        reader.Read();
        int written = reader.CopyString(scratch);
        return scratch.AsSpan(0, written);
    }
}
