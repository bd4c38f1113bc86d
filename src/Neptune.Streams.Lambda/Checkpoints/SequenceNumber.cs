namespace Neptune.Streams.Lambda.Checkpoints;

/// <summary>
/// Kinesis sequence numbers: decimal strings of up to 128 digits, compared as numbers (length, then text) and stored
/// zero-padded to <see cref="StoredLength"/> digits so that plain string order is number order.
/// </summary>
internal static class SequenceNumber
{
    /// <summary>The most digits a Kinesis sequence number has, and the width stored values are padded to.</summary>
    public const int StoredLength = 128;

    /// <summary>True when <paramref name="value"/> is 1 to 128 decimal digits.</summary>
    public static bool IsValid(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value.Length > StoredLength)
        {
            return false;
        }

        foreach (char c in value)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Compares two sequence numbers as numbers: negative when <paramref name="left"/> comes first.</summary>
    /// <exception cref="ArgumentException">Either value is not a sequence number.</exception>
    public static int Compare(string left, string right)
    {
        ReadOnlySpan<char> a = Significant(left, nameof(left));
        ReadOnlySpan<char> b = Significant(right, nameof(right));
        return a.Length != b.Length ? a.Length.CompareTo(b.Length) : Math.Sign(a.SequenceCompareTo(b));
    }

    /// <summary>The value zero-padded to <see cref="StoredLength"/> digits, so that string order is number order.</summary>
    /// <exception cref="ArgumentException">The value is not a sequence number.</exception>
    public static string Pad(string value)
    {
        Validate(value, nameof(value));
        return value.PadLeft(StoredLength, '0');
    }

    /// <summary>The value without the padding <see cref="Pad"/> added ("0" stays "0").</summary>
    /// <exception cref="ArgumentException">The value is not a sequence number.</exception>
    public static string Unpad(string value) => Significant(value, nameof(value)).ToString();

    private static ReadOnlySpan<char> Significant(string value, string name)
    {
        Validate(value, name);
        ReadOnlySpan<char> trimmed = value.AsSpan().TrimStart('0');
        return trimmed.IsEmpty ? "0" : trimmed;
    }

    private static void Validate(string value, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (!IsValid(value))
        {
            throw new ArgumentException(
                $"A sequence number is 1 to {StoredLength} decimal digits; got {value.Length} characters that are not.", name);
        }
    }
}
