using Neptune.Streams.Lambda.ChangeRecords;
using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.Idempotency;

/// <summary>
/// The part of an event an earlier delivery did not cover: when that delivery's batch ended between two Kinesis records
/// of the commit, it completed the element's first operations only, and this one must apply the rest, once.
/// </summary>
internal static class EventRemainder
{
    /// <summary>
    /// The event assembled from the changes after <paramref name="completedThrough"/>, as a delivery cut there would
    /// have assembled it; the whole event when its changes were not kept (then the covered part is applied again).
    /// </summary>
    public static GraphEvent After(GraphEvent graphEvent, NeptuneEventId completedThrough)
    {
        if (graphEvent.Source is not { } source || completedThrough < graphEvent.FirstEventId)
        {
            return graphEvent;
        }

        var assembler = new GraphEventAssembler();
        foreach (ChangeRecord change in source)
        {
            if (change.EventId > completedThrough)
            {
                assembler.Append(change, graphEvent.Position);
            }
        }

        return assembler.HasOpenGroup ? assembler.Close() : graphEvent;
    }
}
