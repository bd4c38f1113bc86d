using System.Globalization;
using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.Checkpoints;

/// <summary>
/// The last position in a shard that was fully handled: a Kinesis record, or, for a record handled in part, the
/// KPL sub-record and the Neptune event within it. Everything at or before it is done.
/// </summary>
public sealed class Checkpoint
{
    /// <summary>Creates a checkpoint.</summary>
    /// <param name="sequenceNumber">The Kinesis sequence number (1 to 128 decimal digits).</param>
    /// <param name="subSequenceNumber">
    /// Null when the whole Kinesis record is handled; otherwise the KPL sub-record handled up to (-1 for a record that
    /// is not aggregated).
    /// </param>
    /// <param name="neptuneEventId">Null when the whole (sub-)record is handled; otherwise the last Neptune event handled in it.</param>
    /// <param name="timestamp">When the checkpoint was taken.</param>
    /// <exception cref="ArgumentException">The sequence number is not 1 to 128 decimal digits.</exception>
    public Checkpoint(string sequenceNumber, int? subSequenceNumber, NeptuneEventId? neptuneEventId, DateTimeOffset timestamp)
    {
        SequenceNumber = Checkpoints.SequenceNumber.Unpad(sequenceNumber);
        if (subSequenceNumber < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(subSequenceNumber), subSequenceNumber, "-1 (not aggregated) or more.");
        }

        if (subSequenceNumber is null && neptuneEventId is not null)
        {
            throw new ArgumentException("A checkpoint of a whole record names no Neptune event.", nameof(neptuneEventId));
        }

        SubSequenceNumber = subSequenceNumber;
        NeptuneEventId = neptuneEventId;
        Timestamp = timestamp;
    }

    /// <summary>The Kinesis sequence number, without padding.</summary>
    public string SequenceNumber { get; }

    /// <summary>Null when the whole Kinesis record is handled; otherwise the sub-record handled up to (-1: not aggregated).</summary>
    public int? SubSequenceNumber { get; }

    /// <summary>Null when the whole (sub-)record is handled; otherwise the last Neptune event handled in it.</summary>
    public NeptuneEventId? NeptuneEventId { get; }

    /// <summary>When the checkpoint was taken.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>
    /// The position as one string whose ordinal order is the position order: the zero-padded sequence number, then the
    /// sub-record, then the Neptune event ("~" for "all of it", which sorts after every digit). A DynamoDB condition
    /// <c>pos &lt; :new</c> on it keeps a stored checkpoint moving forward only.
    /// </summary>
    internal string SortKey
    {
        get
        {
            string sub = SubSequenceNumber is { } s ? (s + 1L).ToString("D10", CultureInfo.InvariantCulture) : "~";
            string ev = NeptuneEventId is { } e ? SortableEventId.Format(e) : "~";
            return $"{Checkpoints.SequenceNumber.Pad(SequenceNumber)}/{sub}/{ev}";
        }
    }

    /// <summary>Compares positions (not timestamps): negative when this one comes first.</summary>
    public int ComparePosition(Checkpoint other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return ComparePosition(other.SequenceNumber, other.SubSequenceNumber, other.NeptuneEventId);
    }

    /// <summary>True when the change at this position was handled: it is at or before the checkpoint.</summary>
    /// <param name="sequenceNumber">The Kinesis record.</param>
    /// <param name="subSequenceNumber">The sub-record, -1 when not aggregated, or null for the whole record.</param>
    /// <param name="neptuneEventId">The Neptune event, or null for the whole (sub-)record.</param>
    public bool Covers(string sequenceNumber, int? subSequenceNumber, NeptuneEventId? neptuneEventId) =>
        ComparePosition(sequenceNumber, subSequenceNumber, neptuneEventId) >= 0;

    private int ComparePosition(string sequenceNumber, int? subSequenceNumber, NeptuneEventId? neptuneEventId)
    {
        int bySequence = Checkpoints.SequenceNumber.Compare(SequenceNumber, sequenceNumber);
        if (bySequence != 0)
        {
            return bySequence;
        }

        // Null means "all of it", which comes after every part of it.
        int bySub = (SubSequenceNumber ?? int.MaxValue).CompareTo(subSequenceNumber ?? int.MaxValue);
        if (bySub != 0 || SubSequenceNumber is null)
        {
            return bySub;
        }

        return (NeptuneEventId, neptuneEventId) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            ({ } mine, { } theirs) => mine.CompareTo(theirs),
        };
    }

    /// <summary><c>sequence</c>, with <c>#sub</c> and <c>@commitNum:opNum</c> for a record handled in part.</summary>
    public override string ToString() => (SubSequenceNumber, NeptuneEventId) switch
    {
        (null, _) => SequenceNumber,
        ({ } s, null) => $"{SequenceNumber}#{s}",
        ({ } s, { } e) => $"{SequenceNumber}#{s}@{e}",
    };
}
