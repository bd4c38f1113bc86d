using Neptune.Streams.Lambda.DeadLetters;

namespace Neptune.Streams.Lambda.Tests.Support;

/// <summary>A dead-letter sink that keeps what it is sent.</summary>
internal sealed class DeadLetterRecorder : IDeadLetterSink
{
    public List<PoisonRecord> Records { get; } = [];

    public ValueTask SendAsync(PoisonRecord record, CancellationToken cancellationToken = default)
    {
        Records.Add(record);
        return ValueTask.CompletedTask;
    }
}
