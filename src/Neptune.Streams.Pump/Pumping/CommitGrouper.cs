using Neptune.Streams.Pump.Neptune;

namespace Neptune.Streams.Pump.Pumping;

/// <summary>
/// Groups a page's records by (commit, element). A page may end inside a transaction; that trailing commit is held
/// back (re-read next time) unless it is the only one in the page, so a Kinesis record holds a whole element change.
/// </summary>
internal static class CommitGrouper
{
    /// <summary>Groups the records up to the last complete commit; <paramref name="consumed"/> is how many records that is.</summary>
    public static List<ElementChange> Group(IReadOnlyList<StreamRecord> records, bool allowPartialTail, out int consumed)
    {
        consumed = records.Count;
        if (records.Count > 0 && !records[^1].IsLastOp)
        {
            long tailCommit = records[^1].CommitNum;
            int firstOfTail = records.Count - 1;
            while (firstOfTail > 0 && records[firstOfTail - 1].CommitNum == tailCommit)
            {
                firstOfTail--;
            }

            if (firstOfTail > 0 || !allowPartialTail)
            {
                consumed = firstOfTail;
            }
        }

        var changes = new List<ElementChange>();
        var open = new Dictionary<(string, bool), ElementChange>();
        long commit = -1;
        for (int i = 0; i < consumed; i++)
        {
            StreamRecord record = records[i];
            if (record.CommitNum != commit)
            {
                commit = record.CommitNum;
                open.Clear();
            }

            var key = (record.ElementId, record.IsEdge);
            if (!open.TryGetValue(key, out ElementChange? change))
            {
                change = new ElementChange { ElementId = record.ElementId, IsEdge = record.IsEdge, IsRdf = record.Type is null, CommitNum = commit };
                open.Add(key, change);
                changes.Add(change);
            }

            change.Records.Add(record);
        }

        return changes;
    }
}
