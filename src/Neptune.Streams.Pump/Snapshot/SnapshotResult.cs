using Neptune.Streams.Pump.Neptune;
using Neptune.Streams.Pump.Pumping;

namespace Neptune.Streams.Pump.Snapshot;

/// <summary>How a snapshot phase ended: completed (the stream continues after <see cref="Position"/>, or from the trim horizon when null), or stopped.</summary>
internal readonly record struct SnapshotResult(PumpStopReason? Stop, StreamPosition? Position);
