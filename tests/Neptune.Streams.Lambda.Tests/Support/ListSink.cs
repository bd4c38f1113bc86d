using Neptune.Streams.Lambda.DeadLetters;

namespace Neptune.Streams.Lambda.Tests.Support;

/// <summary>A dead-letter sink that keeps what it is sent, or fails when told to.</summary>
internal sealed class ListSink : IDeadLetterSink
{
    public List<PoisonRecord> Records { get; } = [];

    public bool Fail { get; init; }

    public ValueTask SendAsync(PoisonRecord record, CancellationToken cancellationToken = default)
    {
        if (Fail)
        {
            throw new IOException("queue unreachable");
        }

        Records.Add(record);
        return ValueTask.CompletedTask;
    }
}
