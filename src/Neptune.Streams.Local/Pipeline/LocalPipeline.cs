using Neptune.Streams.Lambda;
using Neptune.Streams.Local.EventSourceMapping;
using Neptune.Streams.Local.NeptuneEndpoint;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.Neptune;
using Neptune.Streams.Pump.Pumping;
using Neptune.Streams.Pump.State;

namespace Neptune.Streams.Local.Pipeline;

/// <summary>
/// The whole pipeline on one machine: a local Neptune stream endpoint fed by a random social-network writer → the
/// stream pump → Kinesis (in memory by default) → the event-source-mapping emulator → your function.
/// </summary>
public static class LocalPipeline
{
    /// <summary>Runs the pipeline into a <see cref="NeptuneStreamFunction"/>.</summary>
    /// <param name="function">The function that handles the events.</param>
    /// <param name="options">What to run against; embedded defaults when null.</param>
    /// <param name="onActivity">Told about each change written, each Kinesis write and each invocation.</param>
    /// <param name="cancellationToken">Ends the run early; the summary is still returned.</param>
    public static Task<LocalPipelineSummary> RunAsync(
        NeptuneStreamFunction function, LocalPipelineOptions? options = null, Action<PipelineActivity>? onActivity = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(function);
        // As Lambda invokes it: each batch's JSON bytes through the function's invocation path.
        return RunAsync((e, ct) => Neptune.Streams.Lambda.Testing.PayloadInvocation.InvokeAsync(function, e, ct), options, onActivity, cancellationToken);
    }

    /// <summary>Runs the pipeline into any function taking Lambda's Kinesis event.</summary>
    /// <param name="function">The function that handles the batches.</param>
    /// <param name="options">What to run against; embedded defaults when null.</param>
    /// <param name="onActivity">Told about each change written, each Kinesis write and each invocation.</param>
    /// <param name="cancellationToken">Ends the run early; the summary is still returned.</param>
    /// <exception cref="KinesisException">The Kinesis stream could not be created or read.</exception>
    public static async Task<LocalPipelineSummary> RunAsync(
        KinesisFunction function, LocalPipelineOptions? options = null, Action<PipelineActivity>? onActivity = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(function);
        options ??= new LocalPipelineOptions();
        long started = TimeProvider.System.GetTimestamp();
        LocalGraph graph = options.Graph ?? new LocalGraph();
        bool external = options.NeptuneEndpoint is not null;
        await using LocalNeptuneEndpoint? endpoint = external ? null : LocalNeptuneEndpoint.Start(graph);
        var kinesis = new CountingKinesisClient(options.Kinesis ?? new InMemoryKinesis(),
            n => onActivity?.Invoke(new PipelineActivity(PipelineActivityKind.Pumped, $"{n} Kinesis records written", n)));
        string streamName = options.Pump.KinesisStreamName;
        await EnsureStreamAsync(kinesis, streamName, options.ShardCount, cancellationToken).ConfigureAwait(false);

        options.Pump.NeptuneEndpoint = options.NeptuneEndpoint ?? endpoint!.Endpoint;
        options.EventSourceMapping.StreamName = streamName;
        Func<OnFailureRecord, CancellationToken, Task>? onFailure = options.EventSourceMapping.OnFailure;
        options.EventSourceMapping.OnFailure = async (record, ct) =>
        {
            onActivity?.Invoke(new PipelineActivity(PipelineActivityKind.GaveUp, $"{record.BatchSize} records of {record.ShardId} given up ({record.Condition})", record.BatchSize));
            if (onFailure is not null)
            {
                await onFailure(record, ct).ConfigureAwait(false);
            }
        };
        IPumpStateStore state = options.PumpState ?? new InMemoryPumpStateStore();
        using HttpClient http = NeptuneHttp.Create(options.NeptuneCredentials, options.Region, "neptune-db", TimeSpan.FromSeconds(30));
        var pump = new StreamPump(options.Pump, http, kinesis, state);
        var mapping = new KinesisEventSourceMapping(kinesis, async (e, ct) =>
        {
            onActivity?.Invoke(new PipelineActivity(PipelineActivityKind.Invoked, $"batch of {e.Records.Count} records from {e.Records[0].ShardId}", e.Records.Count));
            return await function(e, ct).ConfigureAwait(false);
        }, options.EventSourceMapping);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<PumpRunSummary> pumping = pump.RunAsync(null, stop.Token);
        Task mappingTask = mapping.RunAsync(stop.Token);
        int written = 0;
        bool drained = false;
        try
        {
            var writer = options.Writer ?? new SocialNetworkWriter(graph, options.Seed);
            for (; !external && written < options.Mutations; written++)
            {
                string what = writer.WriteOne();
                onActivity?.Invoke(new PipelineActivity(PipelineActivityKind.GraphChanged, what, 1));
                if (options.MutationInterval > TimeSpan.Zero)
                {
                    await Task.Delay(options.MutationInterval, cancellationToken).ConfigureAwait(false);
                }
            }

            if (!options.StopWhenDrained || external)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }

            while (!(drained = await IsDrainedAsync(graph, state, options.Pump.PumpId, kinesis, mapping, cancellationToken).ConfigureAwait(false))
                && !pumping.IsCompleted && !mappingTask.IsCompleted)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by the caller: report what was done.
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await ((Task)pumping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await mappingTask.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        // A pump or mapping that stopped on an error (not on cancellation) surfaces it here.
        if (pumping.IsFaulted)
        {
            await pumping.ConfigureAwait(false);
        }

        if (mappingTask.IsFaulted)
        {
            await mappingTask.ConfigureAwait(false);
        }

        EventSourceMappingStats stats = mapping.Stats;
        return new LocalPipelineSummary
        {
            Mutations = written,
            StreamRecords = pumping.IsCompletedSuccessfully ? pumping.Result.RecordsForwarded : 0,
            KinesisRecords = kinesis.Accepted,
            Invocations = stats.Invocations,
            RecordsSucceeded = stats.RecordsSucceeded,
            FunctionErrors = stats.FunctionErrors,
            PartialFailures = stats.PartialFailures,
            RecordsSentToOnFailure = stats.RecordsSentToOnFailure,
            Drained = drained,
            Elapsed = TimeProvider.System.GetElapsedTime(started),
        };
    }

    private static async Task EnsureStreamAsync(CountingKinesisClient kinesis, string streamName, int shards, CancellationToken cancellationToken)
    {
        try
        {
            await kinesis.DescribeStreamSummaryAsync(streamName, cancellationToken).ConfigureAwait(false);
        }
        catch (KinesisException ex) when (ex.ErrorCode == "ResourceNotFoundException")
        {
            await kinesis.CreateStreamAsync(streamName, shards, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<bool> IsDrainedAsync(
        LocalGraph graph, IPumpStateStore state, string pumpId, CountingKinesisClient kinesis, KinesisEventSourceMapping mapping, CancellationToken cancellationToken)
    {
        long lastCommit = graph.LastCommitNum;
        if (lastCommit > 0)
        {
            StreamPosition? position = await state.GetPositionAsync(pumpId, cancellationToken).ConfigureAwait(false);
            if (position is null || position.Value.CommitNum < lastCommit)
            {
                return false;
            }
        }

        EventSourceMappingStats stats = mapping.Stats;
        return stats.RecordsSucceeded + stats.RecordsSentToOnFailure >= kinesis.Accepted;
    }
}
