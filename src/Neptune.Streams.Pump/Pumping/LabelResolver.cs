using Neptune.Streams.Pump.Neptune;
using Polly;

namespace Neptune.Streams.Pump.Pumping;

/// <summary>
/// Finds the labels (and an edge's endpoints) for an element change: from its own <c>vl</c>/<c>e</c> records, from the
/// cache those records fill, or, on a miss, from a look-up query to Neptune. A look-up is retried by its resilience
/// pipeline; one that still fails throws <see cref="LabelLookUpException"/>: a change is never forwarded without the
/// labels it has. An element deleted since, for which Neptune answers nothing, is labelled from the later records of the
/// page that delete it (<see cref="LabelLookAhead"/>); failing that it is forwarded marked <c>"labelsUnknown":true</c>.
/// </summary>
internal sealed class LabelResolver
{
    private readonly LabelCache _cache;
    private readonly Func<string, bool, CancellationToken, Task<ElementLabels?>>? _lookUp;
    private readonly ResiliencePipeline _pipeline;

    public LabelResolver(LabelCache cache, Func<string, bool, CancellationToken, Task<ElementLabels?>>? lookUp, ResiliencePipeline pipeline)
    {
        _cache = cache;
        _lookUp = lookUp;
        _pipeline = pipeline;
    }

    public long LookUps { get; private set; }

    public ValueTask<ElementLabels?> ResolveAsync(ElementChange change, CancellationToken cancellationToken) =>
        ResolveAsync([change], 0, cancellationToken);

    /// <summary>
    /// The labels of <c>page[index]</c>. What the change's own records, the cache and the look-up do not give is taken
    /// from the later changes of the page (<see cref="LabelLookAhead"/>): an element deleted later in the page is gone
    /// when it is looked up. Null when nothing says (the envelope then says <c>"labelsUnknown":true</c>).
    /// </summary>
    public async ValueTask<ElementLabels?> ResolveAsync(IReadOnlyList<ElementChange> page, int index, CancellationToken cancellationToken)
    {
        ElementChange change = page[index];
        if (change.IsRdf)
        {
            return null;
        }

        return change.IsEdge
            ? await ResolveEdgeAsync(page, index, cancellationToken).ConfigureAwait(false)
            : await ResolveVertexAsync(page, index, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<ElementLabels?> ResolveVertexAsync(IReadOnlyList<ElementChange> page, int index, CancellationToken cancellationToken)
    {
        ElementChange change = page[index];
        ElementLabels? cached = _cache.Get(change.ElementId, isEdge: false);
        var labels = new List<string>(cached?.Labels ?? []);
        var remaining = new List<string>(labels);
        bool sawLabelRecord = false;
        foreach (StreamRecord record in change.Records)
        {
            if (record.Type != "vl" || record.Label is null)
            {
                continue;
            }

            sawLabelRecord = true;
            if (!labels.Contains(record.Label))
            {
                labels.Add(record.Label);
            }

            if (record.IsAdd)
            {
                if (!remaining.Contains(record.Label))
                {
                    remaining.Add(record.Label);
                }
            }
            else
            {
                remaining.Remove(record.Label);
            }
        }

        if (!sawLabelRecord && cached is null)
        {
            // The look-up reads the vertex as it is now; labels removed later in the page (or the whole vertex, when
            // it was deleted) are added from those later records.
            ElementLabels? found = await LookUpAsync(change, cancellationToken).ConfigureAwait(false);
            ElementLabels? ahead = LabelLookAhead.Find(page, index);
            if (ahead is not null)
            {
                found = found is null ? ahead : new ElementLabels([.. found.Labels.Union(ahead.Labels, StringComparer.Ordinal)]);
            }

            if (found is not null)
            {
                _cache.Set(change.ElementId, false, found);
            }

            return found;
        }

        if (remaining.Count == 0)
        {
            _cache.Remove(change.ElementId, false);
        }
        else
        {
            _cache.Set(change.ElementId, false, new ElementLabels(remaining));
        }

        return labels.Count == 0 ? null : new ElementLabels(labels);
    }

    private async ValueTask<ElementLabels?> ResolveEdgeAsync(IReadOnlyList<ElementChange> page, int index, CancellationToken cancellationToken)
    {
        ElementChange change = page[index];
        StreamRecord? edge = change.Records.FindLast(r => r.Type == "e" && r.Label is not null);
        if (edge is not null)
        {
            var labels = new ElementLabels([edge.Label!], edge.From, edge.To);
            if (edge.IsAdd)
            {
                _cache.Set(change.ElementId, true, labels);
            }
            else
            {
                _cache.Remove(change.ElementId, true);
            }

            return labels;
        }

        ElementLabels? cached = _cache.Get(change.ElementId, isEdge: true);
        if (cached is not null)
        {
            return cached;
        }

        // An edge removed later in the page: its removal names its label and endpoints, no look-up needed.
        ElementLabels? ahead = LabelLookAhead.Find(page, index);
        if (ahead is not null)
        {
            return ahead;
        }

        ElementLabels? found = await LookUpAsync(change, cancellationToken).ConfigureAwait(false);
        if (found is not null)
        {
            _cache.Set(change.ElementId, true, found);
        }

        return found;
    }

    private async Task<ElementLabels?> LookUpAsync(ElementChange change, CancellationToken cancellationToken)
    {
        if (_lookUp is null)
        {
            return null;
        }

        try
        {
            return await _pipeline.ExecuteAsync(
                async (state, token) =>
                {
                    state.Resolver.LookUps++;
                    return await state.Resolver._lookUp!(state.Change.ElementId, state.Change.IsEdge, token).ConfigureAwait(false);
                },
                (Resolver: this, Change: change),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException
            or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            StreamRecord first = change.Records[0];
            throw new LabelLookUpException(
                $"The labels of the {(change.IsEdge ? "edge" : "vertex")} changed by commit {first.CommitNum} (op {first.OpNum}) could not be looked up after {PumpResilience.LabelLookUpRetries} retries ({ex.GetType().Name}: {ex.Message}); the change was not forwarded.",
                ex);
        }
    }
}
