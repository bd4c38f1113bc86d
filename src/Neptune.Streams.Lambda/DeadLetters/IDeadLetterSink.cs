namespace Neptune.Streams.Lambda.DeadLetters;

/// <summary>
/// Keeps records that cannot be decoded or parsed (poison records), so the batch can go on without losing them.
/// A sink that throws makes the record the batch's reported failure: a record is never dropped.
/// </summary>
public interface IDeadLetterSink
{
    /// <summary>Stores one poison record with everything needed to replay it.</summary>
    ValueTask SendAsync(PoisonRecord record, CancellationToken cancellationToken = default);
}
