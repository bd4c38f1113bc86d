using System.Globalization;

namespace Neptune.Streams.Lambda.GraphEvents;

/// <summary>
/// The position of one change in Neptune's stream: the commit (transaction) number and the operation within it.
/// Strictly ordered and unique, so it serves as an idempotency key.
/// </summary>
/// <param name="CommitNum">The transaction's commit number.</param>
/// <param name="OpNum">The operation's number within the transaction, from 1.</param>
public readonly record struct NeptuneEventId(long CommitNum, long OpNum) : IComparable<NeptuneEventId>
{
    /// <inheritdoc />
    public int CompareTo(NeptuneEventId other)
    {
        int byCommit = CommitNum.CompareTo(other.CommitNum);
        return byCommit != 0 ? byCommit : OpNum.CompareTo(other.OpNum);
    }

    /// <summary>True when <paramref name="left"/> comes before <paramref name="right"/> in the stream.</summary>
    public static bool operator <(NeptuneEventId left, NeptuneEventId right) => left.CompareTo(right) < 0;

    /// <summary>True when <paramref name="left"/> comes after <paramref name="right"/> in the stream.</summary>
    public static bool operator >(NeptuneEventId left, NeptuneEventId right) => left.CompareTo(right) > 0;

    /// <summary>True when <paramref name="left"/> does not come after <paramref name="right"/>.</summary>
    public static bool operator <=(NeptuneEventId left, NeptuneEventId right) => left.CompareTo(right) <= 0;

    /// <summary>True when <paramref name="left"/> does not come before <paramref name="right"/>.</summary>
    public static bool operator >=(NeptuneEventId left, NeptuneEventId right) => left.CompareTo(right) >= 0;

    /// <summary>Parses the <c>commitNum:opNum</c> form.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out NeptuneEventId eventId)
    {
        eventId = default;
        int colon = text.IndexOf(':');
        if (colon <= 0
            || !long.TryParse(text[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out long commit)
            || !long.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out long op))
        {
            return false;
        }

        eventId = new NeptuneEventId(commit, op);
        return true;
    }

    /// <summary>The <c>commitNum:opNum</c> form, as Neptune writes it in some documents.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{CommitNum}:{OpNum}");
}
