using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Neptune.Streams.Lambda.ChangeRecords;
using Neptune.Streams.Lambda.Checkpoints;
using Neptune.Streams.Lambda.DeadLetters;
using Neptune.Streams.Lambda.Diagnostics;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;
using Neptune.Streams.Lambda.Hosting;
using Neptune.Streams.Lambda.Kinesis;
using Polly;

namespace Neptune.Streams.Lambda.Processing;

/// <summary>
/// Walks one batch in order: decode → parse → assemble → dispatch. It stops at the first record whose event still
/// fails after retries and reports that record, so Lambda redelivers from it and order is kept; a poison record goes
/// to the dead-letter sink (or, without one, is the reported failure). Every record counts as failed until it has
/// been handled.
/// </summary>
internal sealed partial class BatchProcessor(
    NeptuneStreamOptions options,
    IReadOnlyList<HandlerRoute> routes,
    ResiliencePipeline pipeline,
    TimeProvider timeProvider,
    ILogger logger,
    ICheckpointStore? checkpointStore = null)
{
    private readonly NeptuneStreamOptions _options = options;
    private readonly IReadOnlyList<HandlerRoute> _routes = routes;
    private readonly ResiliencePipeline _pipeline = pipeline;
    private readonly TimeProvider _timeProvider = timeProvider;
    private readonly ILogger _logger = logger;
    private readonly ICheckpointStore? _checkpointStore = checkpointStore;

    public async Task<BatchResult> ProcessAsync(
        KinesisEvent kinesisEvent, InvocationContext invocation, IServiceProvider services, CancellationToken cancellationToken)
    {
        var run = new BatchRun(this, invocation, services, cancellationToken);
        try
        {
            await run.ExecuteAsync(kinesisEvent).ConfigureAwait(false);
            await run.SaveCheckpointAsync().ConfigureAwait(false);
        }
        finally
        {
            run.Dispose();
        }

        var response = new StreamsEventResponse();
        if (run.Summary.FailedSequenceNumber is { } failed)
        {
            response.BatchItemFailures.Add(new BatchItemFailure { ItemIdentifier = failed });
        }

        return new BatchResult(response, run.Summary);
    }

    /// <summary>The state of one batch; never shared between invocations.</summary>
    private sealed class BatchRun(BatchProcessor owner, InvocationContext invocation, IServiceProvider services, CancellationToken token) : IDisposable
    {
        private readonly KinesisPayloadDecoder _decoder = new(owner._options.Decoding);
        private readonly GraphEventAssembler _assembler = new();
        private readonly List<ChangeRecord> _changes = [];
        private readonly Dictionary<Type, IGraphEventHandler> _handlers = [];
        private readonly IDeadLetterSink? _deadLetters = services.GetService<IDeadLetterSink>();
        private readonly List<HandlerRoute> _matched = [];
        private CheckpointTracker? _checkpoints;

        // The payload being parsed; a checkpoint inside it is only safe when its Neptune event ids strictly increase.
        private KinesisPosition _payload;
        private bool _payloadOrdered;

        public BatchSummary Summary { get; } = new();

        public Task SaveCheckpointAsync() => _checkpoints?.FlushAsync(token) ?? Task.CompletedTask;

        public async Task ExecuteAsync(KinesisEvent kinesisEvent)
        {
            IList<KinesisEventRecord> records = kinesisEvent.Records;
            Summary.Records = records.Count;
            if (owner._checkpointStore is { } store)
            {
                _checkpoints = new CheckpointTracker(
                    store, owner._options.Checkpoints, owner._options.DeadlineSafetyMargin, owner._timeProvider, owner._logger, Summary);
                await _checkpoints.LoadAsync(records, invocation.FunctionName, token).ConfigureAwait(false);
            }

            // Records before this index are fully handled; the open group's records are not, until its event is.
            int firstUnfinished = 0;
            for (int i = 0; i < records.Count; i++)
            {
                KinesisEventRecord record = records[i];
                if (token.IsCancellationRequested)
                {
                    Fail(_assembler.HasOpenGroup ? _assembler.FirstPosition.SequenceNumber : record.Kinesis.SequenceNumber);
                    owner.LogStoppedAtDeadline(record.ShardId, Summary.FailedSequenceNumber!);
                    return;
                }

                if (_checkpoints?.Covers(record.Kinesis.SequenceNumber, null, null) == true)
                {
                    if (!await FlushOpenGroupAsync().ConfigureAwait(false))
                    {
                        return;
                    }

                    Summary.RecordsProcessed += i - firstUnfinished;
                    Summary.DuplicatesSkipped++;
                    firstUnfinished = i + 1;
                    continue;
                }

                if (!await ProcessRecordAsync(record).ConfigureAwait(false))
                {
                    return;
                }

                if (!_assembler.HasOpenGroup)
                {
                    Summary.RecordsProcessed += i + 1 - firstUnfinished;
                    firstUnfinished = i + 1;
                    if (_checkpoints is not null)
                    {
                        _checkpoints.MarkRecordHandled(record.Kinesis.SequenceNumber);
                        await _checkpoints.WriteIfDueAsync(token).ConfigureAwait(false);
                    }
                }
            }

            if (_assembler.HasOpenGroup && await CloseAndDispatchAsync().ConfigureAwait(false))
            {
                Summary.RecordsProcessed += records.Count - firstUnfinished;
            }
        }

        /// <summary>Returns false when the batch must stop at this record (or at the open group before it).</summary>
        private async Task<bool> ProcessRecordAsync(KinesisEventRecord record)
        {
            string shard = record.ShardId;
            RecordKinesisLag(record.Kinesis.ApproximateArrivalTimestamp);
            string? decodeError = _decoder.Decode(record.Kinesis);
            if (decodeError is not null)
            {
                var position = new KinesisPosition(shard, record.Kinesis.SequenceNumber, KinesisPayload.NotAggregated, record.Kinesis.PartitionKey);
                return await FlushOpenGroupAsync().ConfigureAwait(false) && await HandlePoisonAsync(record, position, decodeError).ConfigureAwait(false);
            }

            foreach (KinesisPayload payload in _decoder.Payloads)
            {
                var position = new KinesisPosition(shard, record.Kinesis.SequenceNumber, payload.SubSequenceNumber, payload.PartitionKey);
                if (_checkpoints?.Covers(position.SequenceNumber, position.SubSequenceNumber, null) == true)
                {
                    Summary.DuplicatesSkipped++;
                    continue;
                }

                _changes.Clear();
                string? parseError = ChangeRecordParser.Parse(payload.Data.Span, _changes);
                if (parseError is not null)
                {
                    if (!await FlushOpenGroupAsync().ConfigureAwait(false) || !await HandlePoisonAsync(record, position, parseError).ConfigureAwait(false))
                    {
                        return false;
                    }

                    _checkpoints?.MarkHandled(position.SequenceNumber, position.SubSequenceNumber, null);
                    continue;
                }

                Summary.ChangeRecords += _changes.Count;
                _payload = position;
                _payloadOrdered = EventIdsIncrease(_changes);
                foreach (ChangeRecord change in _changes)
                {
                    if (_payloadOrdered && _checkpoints?.Covers(position.SequenceNumber, position.SubSequenceNumber, change.EventId) == true)
                    {
                        Summary.DuplicatesSkipped++;
                        continue;
                    }

                    if (_assembler.HasOpenGroup && !_assembler.Continues(change) && !await CloseAndDispatchAsync().ConfigureAwait(false))
                    {
                        return false;
                    }

                    if (_assembler.Append(change, position) && !await CloseAndDispatchAsync().ConfigureAwait(false))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        private ValueTask<bool> FlushOpenGroupAsync() =>
            _assembler.HasOpenGroup ? new ValueTask<bool>(CloseAndDispatchAsync()) : ValueTask.FromResult(true);

        private async Task<bool> CloseAndDispatchAsync()
        {
            KinesisPosition first = _assembler.FirstPosition;
            GraphEvent graphEvent = _assembler.Close();
            if (_checkpoints is not null)
            {
                // An interval write due inside a long record goes before the next event rather than after the last
                // one, so it never duplicates the write that follows when the record completes.
                await _checkpoints.WriteIfDueAsync(token).ConfigureAwait(false);
            }

            if (await DispatchAsync(graphEvent).ConfigureAwait(false))
            {
                if (_checkpoints is not null)
                {
                    MarkEventHandled(graphEvent.Position, graphEvent.LastEventId);
                }

                return true;
            }

            // Lambda redelivers from the event's first record, so none of its changes is lost.
            Fail(first.SequenceNumber);
            return false;
        }

        private void MarkEventHandled(KinesisPosition last, NeptuneEventId lastEventId)
        {
            // Inside the payload still being walked, "up to this Neptune event" only names a prefix when the ids
            // increase; otherwise the payload is checkpointed when it is done.
            bool inOpenPayload = last.SubSequenceNumber == _payload.SubSequenceNumber
                && string.Equals(last.SequenceNumber, _payload.SequenceNumber, StringComparison.Ordinal);
            if (!inOpenPayload || _payloadOrdered)
            {
                _checkpoints!.MarkHandled(last.SequenceNumber, last.SubSequenceNumber, lastEventId);
            }
        }

        private static bool EventIdsIncrease(List<ChangeRecord> changes)
        {
            for (int i = 1; i < changes.Count; i++)
            {
                if (changes[i].EventId <= changes[i - 1].EventId)
                {
                    return false;
                }
            }

            return true;
        }

        private async Task<bool> DispatchAsync(GraphEvent graphEvent)
        {
            _matched.Clear();
            foreach (HandlerRoute route in owner._routes)
            {
                if (route.Matches(graphEvent))
                {
                    _matched.Add(route);
                }
            }

            if (graphEvent.CommitTimestamp is { } committed)
            {
                TimeSpan lag = owner._timeProvider.GetUtcNow() - committed;
                if (Summary.MaxStreamLag is null || lag > Summary.MaxStreamLag)
                {
                    Summary.MaxStreamLag = lag;
                }
            }

            Summary.EventsDispatched++;
            Summary.EventsByKind[(int)graphEvent.Kind]++;
            using var scope = owner._logger.IsEnabled(LogLevel.Critical) ? owner._logger.BeginScope(new EventLogScope(graphEvent)) : null;
            using var eventSpan = BatchTracing.StartEvent(graphEvent);
            GraphEventContext? context = null;
            foreach (HandlerRoute route in _matched)
            {
                IGraphEventHandler handler = ResolveHandler(route.HandlerType);

                // One context per event, shared by its handlers; Attempt counts the calls of the current handler.
                context ??= new GraphEventContext(graphEvent, owner._logger, invocation);
                context.Attempt = -1;
                long started = owner._timeProvider.GetTimestamp();
                var handlerSpan = BatchTracing.StartHandler(route.HandlerType.Name);
                try
                {
                    await owner._pipeline.ExecuteAsync(
                        static (call, ct) =>
                        {
                            call.Context.Attempt++;
                            return call.Handler.HandleAsync(call.Context.Event, call.Context, ct);
                        },
                        (Handler: handler, Context: context),
                        token).ConfigureAwait(false);
                    Summary.Retries += context.Attempt;
                    BatchTracing.End(handlerSpan, succeeded: true, attempts: context.Attempt + 1);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    Summary.Retries += Math.Max(0, context.Attempt);
                    Summary.Errors++;
                    BatchTracing.End(handlerSpan, succeeded: false, ex, context.Attempt + 1);
                    BatchTracing.End(eventSpan, succeeded: false, ex);
                    owner.LogHandlerFailed(ex, route.HandlerType.Name, graphEvent.Kind, graphEvent.Id, graphEvent.Position.ShardId,
                        graphEvent.Position.SequenceNumber, graphEvent.FirstEventId.ToString(), context.Attempt + 1);
                    return false;
                }
                finally
                {
                    Summary.AddHandlerLatency(route.HandlerType.Name, owner._timeProvider.GetElapsedTime(started));
                }
            }

            Summary.UnboundProperties += context?.UnboundProperties ?? 0;
            BatchTracing.End(eventSpan, succeeded: true);
            return true;
        }

        private void RecordKinesisLag(double approximateArrivalSeconds)
        {
            if (approximateArrivalSeconds <= 0)
            {
                return;
            }

            var arrived = DateTimeOffset.FromUnixTimeMilliseconds((long)(approximateArrivalSeconds * 1000));
            TimeSpan lag = owner._timeProvider.GetUtcNow() - arrived;
            if (Summary.MaxKinesisLag is null || lag > Summary.MaxKinesisLag)
            {
                Summary.MaxKinesisLag = lag;
            }
        }

        private IGraphEventHandler ResolveHandler(Type type)
        {
            if (!_handlers.TryGetValue(type, out var handler))
            {
                handler = (IGraphEventHandler)services.GetRequiredService(type);
                _handlers[type] = handler;
            }

            return handler;
        }

        private async Task<bool> HandlePoisonAsync(KinesisEventRecord record, KinesisPosition position, string reason)
        {
            Summary.PoisonRecords++;
            var poison = new PoisonRecord
            {
                Position = position,
                EventSourceArn = record.EventSourceArn,
                FunctionName = invocation.FunctionName,
                Data = record.Kinesis.Data,
                ApproximateArrivalTimestamp = record.Kinesis.ApproximateArrivalTimestamp,
                Reason = reason,
            };

            if (_deadLetters is null)
            {
                owner.LogPoisonReported(position.ShardId, position.SequenceNumber, position.SubSequenceNumber, reason);
                Fail(position.SequenceNumber);
                return false;
            }

            try
            {
                await _deadLetters.SendAsync(poison, token).ConfigureAwait(false);
                owner.LogPoisonDeadLettered(position.ShardId, position.SequenceNumber, position.SubSequenceNumber, reason);
                return true;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A record that cannot be dead-lettered is not dropped: it becomes the batch's failure.
                Summary.Errors++;
                owner.LogDeadLetterFailed(ex, position.ShardId, position.SequenceNumber, reason);
                Fail(position.SequenceNumber);
                return false;
            }
        }

        private void Fail(string sequenceNumber)
        {
            Summary.FailedSequenceNumber ??= sequenceNumber;
            _assembler.Reset();
        }

        public void Dispose() => _decoder.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Handler {Handler} failed on {Kind} {ElementId} at {ShardId}/{SequenceNumber} (Neptune event {NeptuneEventId}) after {Attempts} attempt(s); the batch stops here")]
    private partial void LogHandlerFailed(Exception exception, string handler, GraphEventKind kind, string elementId, string shardId, string sequenceNumber, string neptuneEventId, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Poison record {ShardId}/{SequenceNumber} (sub-record {SubSequenceNumber}) reported as the batch failure, no dead-letter sink is configured: {Reason}")]
    private partial void LogPoisonReported(string shardId, string sequenceNumber, int subSequenceNumber, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Poison record {ShardId}/{SequenceNumber} (sub-record {SubSequenceNumber}) sent to the dead-letter sink: {Reason}")]
    private partial void LogPoisonDeadLettered(string shardId, string sequenceNumber, int subSequenceNumber, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Poison record {ShardId}/{SequenceNumber} could not be dead-lettered and is reported as the batch failure: {Reason}")]
    private partial void LogDeadLetterFailed(Exception exception, string shardId, string sequenceNumber, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The deadline is near: the batch stops at {ShardId}/{SequenceNumber} and reports it for redelivery")]
    private partial void LogStoppedAtDeadline(string shardId, string sequenceNumber);
}
