using Neptune.Streams.Pump.Neptune;

namespace Neptune.Streams.Pump.Pumping;

/// <summary>
/// What the rest of the page says of an element's labels at an earlier change: the label (and endpoints) of the first
/// later REMOVE <c>e</c> record of an edge, and the labels of a vertex's later REMOVE <c>vl</c> records not added back
/// in between (labels it had at that change). This labels a change of an element deleted before the look-up, for which
/// Neptune, read as it is now, answers nothing.
/// </summary>
internal static class LabelLookAhead
{
    /// <summary>The labels the changes after <paramref name="index"/> in <paramref name="page"/> show for its element, or null.</summary>
    public static ElementLabels? Find(IReadOnlyList<ElementChange> page, int index)
    {
        ElementChange change = page[index];
        List<string>? removed = null;
        HashSet<string>? addedBack = null;
        for (int i = index + 1; i < page.Count; i++)
        {
            ElementChange later = page[i];
            if (later.IsEdge != change.IsEdge || later.ElementId != change.ElementId)
            {
                continue;
            }

            foreach (StreamRecord record in later.Records)
            {
                if (record.Label is null)
                {
                    continue;
                }

                if (change.IsEdge && record.Type == "e")
                {
                    // An edge's label and endpoints never change: its removal names them. (An ADD first would be
                    // another edge under a reused id.)
                    return record.IsAdd ? null : new ElementLabels([record.Label], record.From, record.To);
                }

                if (!change.IsEdge && record.Type == "vl")
                {
                    if (record.IsAdd)
                    {
                        (addedBack ??= []).Add(record.Label);
                    }
                    else if (addedBack?.Contains(record.Label) != true && (removed ??= []).Contains(record.Label) is false)
                    {
                        removed.Add(record.Label);
                    }
                }
            }
        }

        return removed is { Count: > 0 } ? new ElementLabels(removed) : null;
    }
}
