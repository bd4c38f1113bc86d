using Neptune.Streams.Pump.Neptune;

namespace Neptune.Streams.Pump.Snapshot;

/// <summary>
/// A snapshot's progress, saved after every page Kinesis accepted, so that a pump killed mid-snapshot resumes after
/// <see cref="After"/> instead of starting over.
/// </summary>
/// <param name="Position">
/// The stream position P recorded before the first page (the newest record, <c>iteratorType=LATEST</c>); the stream
/// continues after it. Null when the stream held no record then (it continues from <c>TRIM_HORIZON</c>).
/// </param>
/// <param name="Phase">Vertices, edges or done.</param>
/// <param name="After">The id of the last element of <paramref name="Phase"/> written; null before the phase's first page.</param>
/// <param name="ElementsWritten">Elements written so far (pages written twice after a restart count twice).</param>
public sealed record SnapshotProgress(StreamPosition? Position, SnapshotPhase Phase, string? After, long ElementsWritten);
