using Microsoft.Extensions.Logging;

namespace SearchSync.Search;

/// <summary>
/// The writes of one batch (one per vertex: the newest), sent as one bulk request when the batch's service scope
/// ends. A failure there fails the invocation, so Lambda redelivers the batch: safe, because every write carries its
/// commit number as external version.
/// </summary>
public sealed partial class BulkBuffer(SearchIndex index, ILogger<BulkBuffer> logger) : IAsyncDisposable
{
    private readonly Dictionary<string, PendingWrite> _writes = new(StringComparer.Ordinal);

    /// <summary>The write waiting for a vertex in this batch, or null.</summary>
    public PendingWrite? Pending(string id) => _writes.GetValueOrDefault(id);

    /// <summary>Queues a write; an older one than the vertex's queued write is dropped (the newer already covers it).</summary>
    public void Put(PendingWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (!_writes.TryGetValue(write.Id, out var queued) || write.Version > queued.Version)
        {
            _writes[write.Id] = write;
        }
    }

    /// <summary>Sends the batch's bulk request.</summary>
    /// <exception cref="SearchSyncException">Elasticsearch did not take every write.</exception>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_writes.Count == 0)
        {
            return;
        }

        BulkOutcome outcome = await index.BulkAsync(_writes.Values, cancellationToken).ConfigureAwait(false);
        LogFlushed(logger, _writes.Count, outcome.Written, outcome.Stale);
        _writes.Clear();
    }

    /// <summary>
    /// Flushes at the end of the batch. Not bound to the handlers' deadline token: a flush cancelled at every deadline
    /// would fail the same batch forever; the client's request timeout bounds it instead.
    /// </summary>
    public async ValueTask DisposeAsync() => await FlushAsync(CancellationToken.None).ConfigureAwait(false);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bulk request of {Writes} document write(s): {Written} written, {Stale} already at the same or a newer commit")]
    private static partial void LogFlushed(ILogger logger, int writes, int written, int stale);
}
