using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Neptune.Streams.Pump.DeadLetters;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.Neptune;
using Neptune.Streams.Pump.State;
using Polly;

namespace Neptune.Streams.Pump.Pumping;

/// <summary>
/// Forwards Neptune's stream to Kinesis: reads pages after its position, groups each commit's records by element,
/// writes one Kinesis record per (commit, element) in the versioned envelope, partitioned by element id, and moves its
/// position (in DynamoDB, under a lease) only after Kinesis accepted the records. Runs until shortly before a deadline
/// (Lambda) or until cancelled (a local process).
/// </summary>
public sealed partial class StreamPump
{
    private readonly PumpOptions _options;
    private readonly NeptuneStreamClient _stream;
    private readonly IPumpStateStore _state;
    private readonly KinesisBatchWriter _writer;
    private readonly LabelResolver _labels;
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly PumpMetrics _metrics;
    private readonly PumpDeadLetterQueue? _deadLetters;
    private readonly Snapshot.SnapshotRunner _snapshot;

    /// <summary>Creates a pump.</summary>
    /// <param name="options">What to read and write.</param>
    /// <param name="neptuneHttp">The HTTP client for Neptune (from <c>NeptuneHttp.Create</c>: it signs for IAM clusters).</param>
    /// <param name="kinesis">Where to write.</param>
    /// <param name="state">Where the position and lease live.</param>
    /// <param name="timeProvider">The clock; the system clock by default.</param>
    /// <param name="logger">Where to log; nothing by default. Property values are never logged.</param>
    /// <param name="deadLetters">
    /// Where element changes too large for a Kinesis record go (the pump then moves on); without it such a change stops
    /// the run and the position stays before it.
    /// </param>
    public StreamPump(
        PumpOptions options, HttpClient neptuneHttp, IKinesisClient kinesis, IPumpStateStore state,
        TimeProvider? timeProvider = null, ILogger? logger = null, PumpDeadLetterQueue? deadLetters = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(neptuneHttp);
        ArgumentNullException.ThrowIfNull(kinesis);
        ArgumentNullException.ThrowIfNull(state);
        options.Validate();
        _options = options;
        _deadLetters = deadLetters;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _state = state;
        _stream = new NeptuneStreamClient(neptuneHttp, options.NeptuneEndpoint!, options.StreamKind);
        _pipeline = PumpResilience.Create(_timeProvider, _logger);
        _metrics = new PumpMetrics(options.MetricsOutput, options.MetricsNamespace, options.PumpId, options.MetricsFunctionName, _timeProvider);
        _writer = new KinesisBatchWriter(kinesis, options.KinesisStreamName, _pipeline);
        _snapshot = new Snapshot.SnapshotRunner(
            options, new Snapshot.OpenCypherClient(neptuneHttp, options.NeptuneEndpoint!), _stream, _writer, state, _pipeline, _timeProvider, _logger);
        var labelClient = new NeptuneLabelClient(neptuneHttp, options.NeptuneEndpoint!);
        _labels = new LabelResolver(
            new LabelCache(options.LabelCacheSize),
            options.LookUpMissingLabels && options.StreamKind == NeptuneStreamKind.PropertyGraph ? labelClient.LookUpAsync : null,
            PumpResilience.CreateLabelLookUp(_timeProvider, _logger));
    }

    /// <summary>
    /// Pumps until <paramref name="deadline"/> less <see cref="PumpOptions.DeadlineMargin"/>, or until cancelled, or until
    /// Neptune refuses the stream. Takes the lease first and gives it up at the end.
    /// </summary>
    /// <param name="deadline">When the run must be over (a Lambda's deadline); null to run until cancelled.</param>
    /// <param name="cancellationToken">Stops the run; a page being written is abandoned and its position not saved (it is forwarded again next time).</param>
    public async Task<PumpRunSummary> RunAsync(DateTimeOffset? deadline = null, CancellationToken cancellationToken = default)
    {
        var summary = new PumpRunSummary();
        PumpLease? lease = await _state.TryAcquireLeaseAsync(_options.PumpId, _options.Owner, _options.LeaseDuration, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            LogLeaseHeld(_logger, _options.PumpId);
            summary.StopReason = PumpStopReason.LeaseHeldElsewhere;
            return summary;
        }

        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (deadline is { } end)
        {
            TimeSpan left = end - _options.DeadlineMargin - _timeProvider.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                stopReading.Cancel();
            }
            else
            {
                stopReading.CancelAfter(left);
            }
        }

        var run = new PumpRun(this, summary, lease);
        try
        {
            summary.StopReason = await run.LoopAsync(stopReading.Token, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopReading.IsCancellationRequested)
        {
            summary.StopReason = cancellationToken.IsCancellationRequested ? PumpStopReason.Cancelled : PumpStopReason.Deadline;
        }
        catch (Exception ex) when (LogFailed(_logger, ex, _options.PumpId))
        {
            throw;
        }
        finally
        {
            if (summary.StopReason != PumpStopReason.LeaseLost)
            {
                try
                {
                    await _state.ReleaseLeaseAsync(run.Lease, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    LogReleaseFailed(_logger, ex, _options.PumpId);
                }
            }
        }

        summary.LabelLookups = _labels.LookUps;
        return summary;
    }

    private static bool LogFailed(ILogger logger, Exception exception, string pumpId)
    {
        // Logged from an exception filter, so the stack is intact when it is rethrown; the position was not moved.
        LogRunFailed(logger, exception, pumpId);
        return false;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The pump of {PumpId} stopped on an error; its position was not moved past unwritten changes.")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string pumpId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another pump holds the lease of {PumpId}; this run does nothing.")]
    private static partial void LogLeaseHeld(ILogger logger, string pumpId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the lease of {PumpId}; it expires by itself.")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string pumpId);
}
