using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.Neptune;
using Neptune.Streams.Pump.Pumping;
using Neptune.Streams.Pump.State;
using Polly;

namespace Neptune.Streams.Pump.Snapshot;

/// <summary>
/// The snapshot phase: records the stream position P (<c>iteratorType=LATEST</c>), reads every vertex and then every
/// edge in id-ordered pages through openCypher, writes one envelope per element to Kinesis (partition key = element
/// id, marked <c>"snapshot":true</c>), and saves its progress after each page Kinesis accepted. The stream position is
/// saved (P) only once the snapshot is done, so the stream phase can never start before the snapshot completed.
/// </summary>
internal sealed partial class SnapshotRunner(
    PumpOptions options,
    OpenCypherClient cypher,
    NeptuneStreamClient stream,
    KinesisBatchWriter writer,
    IPumpStateStore state,
    ResiliencePipeline pipeline,
    TimeProvider timeProvider,
    ILogger logger)
{
    public async Task<SnapshotResult> RunAsync(
        PumpRunSummary summary, Func<PumpLease> lease, Func<CancellationToken, Task<bool>> renewIfDue, CancellationToken stopReading, CancellationToken hardStop)
    {
        if (options.StreamKind != NeptuneStreamKind.PropertyGraph)
        {
            summary.Error = "A snapshot reads a property graph (openCypher); RDF graphs (SPARQL) are not supported.";
            LogRdf(logger, options.PumpId);
            return new SnapshotResult(PumpStopReason.InvalidRequest, null);
        }

        SnapshotProgress? progress = await state.GetSnapshotAsync(options.PumpId, stopReading).ConfigureAwait(false);
        if (progress is null)
        {
            using StreamPage latest = await pipeline.ExecuteAsync(async token =>
            {
                StreamPage page = await stream.ReadAsync(StreamIterator.Latest, default, 1, token).ConfigureAwait(false);
                return page.Outcome == StreamReadOutcome.Throttled ? throw new TransientStreamException($"{page.ErrorCode}: {page.ErrorMessage}") : page;
            }, stopReading).ConfigureAwait(false);
            StreamPosition? position;
            switch (latest.Outcome)
            {
                case StreamReadOutcome.Records when latest.Records.Count > 0:
                    position = new StreamPosition(latest.Records[^1].CommitNum, latest.Records[^1].OpNum);
                    break;
                case StreamReadOutcome.Records or StreamReadOutcome.CaughtUp or StreamReadOutcome.Expired:
                    position = null;
                    break;
                default:
                    summary.Error = $"{latest.ErrorCode}: {latest.ErrorMessage}";
                    return new SnapshotResult(latest.Outcome switch
                    {
                        StreamReadOutcome.StreamsDisabled => PumpStopReason.StreamsDisabled,
                        StreamReadOutcome.AccessDenied => PumpStopReason.AccessDenied,
                        _ => PumpStopReason.InvalidRequest,
                    }, null);
            }

            progress = new SnapshotProgress(position, SnapshotPhase.Vertices, null, 0);
            if (!await state.SaveSnapshotAsync(lease(), progress, hardStop).ConfigureAwait(false))
            {
                return new SnapshotResult(PumpStopReason.LeaseLost, null);
            }

            LogStarted(logger, options.PumpId, position);
        }
        else if (progress.Phase != SnapshotPhase.Done)
        {
            LogResumed(logger, options.PumpId, progress.Phase, progress.ElementsWritten);
        }

        while (progress.Phase != SnapshotPhase.Done)
        {
            stopReading.ThrowIfCancellationRequested();
            if (!await renewIfDue(stopReading).ConfigureAwait(false))
            {
                return new SnapshotResult(PumpStopReason.LeaseLost, null);
            }

            progress = await WritePageAsync(progress, summary, stopReading, hardStop).ConfigureAwait(false);
            if (!await state.SaveSnapshotAsync(lease(), progress, hardStop).ConfigureAwait(false))
            {
                return new SnapshotResult(PumpStopReason.LeaseLost, null);
            }
        }

        // Saved again after a crash between "done" and here: the same value, so harmless.
        if (progress.Position is { } p && !await pipeline.ExecuteAsync(async token => await state.SavePositionAsync(lease(), p, token).ConfigureAwait(false), hardStop).ConfigureAwait(false))
        {
            return new SnapshotResult(PumpStopReason.LeaseLost, null);
        }

        LogDone(logger, options.PumpId, progress.ElementsWritten, progress.Position);
        return new SnapshotResult(null, progress.Position);
    }

    private async Task<SnapshotProgress> WritePageAsync(SnapshotProgress progress, PumpRunSummary summary, CancellationToken stopReading, CancellationToken hardStop)
    {
        bool edges = progress.Phase == SnapshotPhase.Edges;
        int pageSize = options.Snapshot.PageSize;
        List<JsonElement> rows = await pipeline.ExecuteAsync(
            token => new ValueTask<List<JsonElement>>(cypher.QueryAsync(edges ? SnapshotQueries.Edges : SnapshotQueries.Vertices, progress.After ?? string.Empty, pageSize, token)),
            stopReading).ConfigureAwait(false);

        long commitNum = progress.Position?.CommitNum ?? 0;
        long timestamp = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var entries = new List<KinesisPutEntry>(rows.Count);
        string? last = progress.After;
        foreach (JsonElement row in rows)
        {
            (ElementChange change, ElementLabels labels) = SnapshotRecords.FromRow(row, edges, commitNum, timestamp);
            string partitionKey = PartitionKeys.For(change.ElementId);
            int room = KinesisBatchWriter.MaxBytesPerRecord - Encoding.UTF8.GetByteCount(partitionKey);
            foreach (byte[] envelope in EnvelopeWriter.Write(change, labels, room))
            {
                entries.Add(new KinesisPutEntry(partitionKey, envelope));
            }

            last = change.ElementId;
        }

        if (entries.Count > 0)
        {
            await writer.WriteAsync(entries, hardStop).ConfigureAwait(false);
        }

        summary.SnapshotElementsWritten += rows.Count;
        summary.KinesisRecordsWritten += entries.Count;
        bool phaseDone = rows.Count < pageSize;
        return phaseDone
            ? progress with { Phase = edges ? SnapshotPhase.Done : SnapshotPhase.Edges, After = null, ElementsWritten = progress.ElementsWritten + rows.Count }
            : progress with { After = last, ElementsWritten = progress.ElementsWritten + rows.Count };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot of {PumpId} started; the stream continues after {Position} (none: from the trim horizon) once it is done.")]
    private static partial void LogStarted(ILogger logger, string pumpId, StreamPosition? position);

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot of {PumpId} resumed in phase {Phase} after {Elements} elements.")]
    private static partial void LogResumed(ILogger logger, string pumpId, SnapshotPhase phase, long elements);

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot of {PumpId} done: {Elements} elements written; the stream continues after {Position} (none: from the trim horizon).")]
    private static partial void LogDone(ILogger logger, string pumpId, long elements, StreamPosition? position);

    [LoggerMessage(Level = LogLevel.Error, Message = "The pump of {PumpId} cannot snapshot an RDF graph (SPARQL is not supported); use TRIM_HORIZON or LATEST.")]
    private static partial void LogRdf(ILogger logger, string pumpId);
}
