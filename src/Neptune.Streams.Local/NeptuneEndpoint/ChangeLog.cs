namespace Neptune.Streams.Local.NeptuneEndpoint;

/// <summary>
/// Neptune's change-log stream: the records of every commit in order, a property-graph list and an RDF list sharing
/// one commit counter, trimmed by retention. Thread-safe.
/// </summary>
internal sealed class ChangeLog
{
    private readonly object _gate = new();
    private readonly List<ChangeLogEntry> _graph = [];
    private readonly List<ChangeLogEntry> _rdf = [];
    private readonly TimeProvider _timeProvider;
    private ChangeLogEntry? _lastGraph;
    private ChangeLogEntry? _lastRdf;
    private ChangeLogEntry? _purgedGraph;
    private ChangeLogEntry? _purgedRdf;
    private long _commitNum;

    public ChangeLog(TimeProvider timeProvider, TimeSpan retention)
    {
        _timeProvider = timeProvider;
        Retention = retention;
    }

    /// <summary>How long records stay in the stream.</summary>
    public TimeSpan Retention { get; set; }

    /// <summary>The last commit number handed out.</summary>
    public long LastCommitNum
    {
        get
        {
            lock (_gate)
            {
                return _commitNum;
            }
        }
    }

    /// <summary>Appends one transaction: <paramref name="build"/> gets the commit number and timestamp and returns the records.</summary>
    public long Commit(Func<long, long, IReadOnlyList<ChangeLogEntry>> build)
    {
        lock (_gate)
        {
            long commitNum = _commitNum + 1;
            long timestamp = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            IReadOnlyList<ChangeLogEntry> entries = build(commitNum, timestamp);
            if (entries.Count == 0)
            {
                return _commitNum;
            }

            _commitNum = commitNum;
            entries[^1].IsLastOp = true;
            foreach (ChangeLogEntry entry in entries)
            {
                if (entry.IsRdf)
                {
                    _rdf.Add(entry);
                    _lastRdf = entry;
                }
                else
                {
                    _graph.Add(entry);
                    _lastGraph = entry;
                }
            }

            return commitNum;
        }
    }

    /// <summary>Reads up to <paramref name="limit"/> records from a position, with Neptune's errors.</summary>
    public StreamReadResult Read(bool rdf, StreamIteratorType iteratorType, long commitNum, long opNum, int limit)
    {
        lock (_gate)
        {
            Purge();
            List<ChangeLogEntry> list = rdf ? _rdf : _graph;
            ChangeLogEntry? last = rdf ? _lastRdf : _lastGraph;
            ChangeLogEntry? purged = rdf ? _purgedRdf : _purgedGraph;
            int start;
            switch (iteratorType)
            {
                case StreamIteratorType.TrimHorizon:
                    start = 0;
                    break;
                case StreamIteratorType.Latest:
                    start = list.Count - 1;
                    limit = 1;
                    break;
                case StreamIteratorType.AtSequenceNumber:
                    if (purged is not null && purged.CompareTo(commitNum, opNum) >= 0)
                    {
                        return new StreamReadResult { Error = StreamError.Expired() };
                    }

                    start = FirstIndex(list, commitNum, opNum, after: false);
                    break;
                default:
                    if (purged is not null && purged.CompareTo(commitNum, opNum) > 0)
                    {
                        return new StreamReadResult { Error = StreamError.Expired() };
                    }

                    start = FirstIndex(list, commitNum, opNum, after: true);
                    break;
            }

            if (start < 0 || start >= list.Count)
            {
                return new StreamReadResult { Error = StreamError.NotFound(last) };
            }

            int count = Math.Min(limit, list.Count - start);
            var page = list.GetRange(start, count);
            return new StreamReadResult { Entries = page };
        }
    }

    /// <summary>Drops the records older than the retention.</summary>
    public void Purge()
    {
        lock (_gate)
        {
            long cutoff = (_timeProvider.GetUtcNow() - Retention).ToUnixTimeMilliseconds();
            _purgedGraph = PurgeList(_graph, cutoff) ?? _purgedGraph;
            _purgedRdf = PurgeList(_rdf, cutoff) ?? _purgedRdf;
        }
    }

    private static ChangeLogEntry? PurgeList(List<ChangeLogEntry> list, long cutoff)
    {
        int count = 0;
        while (count < list.Count && list[count].CommitTimestamp < cutoff)
        {
            count++;
        }

        if (count == 0)
        {
            return null;
        }

        ChangeLogEntry lastPurged = list[count - 1];
        list.RemoveRange(0, count);
        return lastPurged;
    }

    private static int FirstIndex(List<ChangeLogEntry> list, long commitNum, long opNum, bool after)
    {
        int low = 0;
        int high = list.Count;
        while (low < high)
        {
            int mid = (low + high) >>> 1;
            int cmp = list[mid].CompareTo(commitNum, opNum);
            if (cmp < 0 || (after && cmp == 0))
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
