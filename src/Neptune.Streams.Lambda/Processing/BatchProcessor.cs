using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Neptune.Streams.Lambda.Checkpoints;
using Neptune.Streams.Lambda.DeadLetters;
using Neptune.Streams.Lambda.Handlers;
using Neptune.Streams.Lambda.Hosting;
using Neptune.Streams.Lambda.Idempotency;
using Neptune.Streams.Lambda.Kinesis;
using Polly;

namespace Neptune.Streams.Lambda.Processing;

/// <summary>
/// Runs one batch: builds its record loop from the function's parts (checkpoints, dead-letter sink, dispatcher), runs
/// it, writes the final checkpoint and turns where it stopped into Lambda's partial-batch response.
/// </summary>
internal sealed class BatchProcessor(
    NeptuneStreamOptions options,
    IReadOnlyList<HandlerRoute> routes,
    ResiliencePipeline pipeline,
    TimeProvider timeProvider,
    ILogger logger,
    ICheckpointStore? checkpointStore = null)
{
    public async Task<BatchResult> ProcessAsync(
        KinesisBatch records, InvocationContext invocation, IServiceProvider services, CancellationToken cancellationToken)
    {
        // Claims taken by this batch's handlers expire with the invocation, and store calls that must outlive the
        // batch's token still end before the response is due.
        InvocationDeadline.Set(invocation.Deadline, options.ResponseReserve);
        var summary = new BatchSummary(timeProvider);
        using var decoder = new KinesisPayloadDecoder(options.Decoding);
        CheckpointTracker? checkpoints = null;
        if (checkpointStore is not null)
        {
            checkpoints = new CheckpointTracker(checkpointStore, options.Checkpoints, options.DeadlineSafetyMargin, timeProvider, logger, summary);
            await checkpoints.LoadAsync(records, invocation.FunctionName, cancellationToken).ConfigureAwait(false);
        }

        var loop = new RecordLoop(
            decoder,
            new EventDispatcher(routes, pipeline, services, invocation, logger, summary),
            new DeadLetterWriter(services.GetService<IDeadLetterSink>(), invocation.FunctionName, logger, summary),
            checkpoints,
            options.PermanentFailures,
            services.GetService<IIdempotencyStore>() is not null, // only an idempotency store may need an event's changes later
            logger,
            summary,
            cancellationToken);
        await loop.RunAsync(records).ConfigureAwait(false);
        if (checkpoints is not null)
        {
            await checkpoints.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        var response = new StreamsEventResponse();
        if (summary.FailedSequenceNumber is { } failed)
        {
            response.BatchItemFailures.Add(new BatchItemFailure { ItemIdentifier = failed });
        }

        return new BatchResult(response, summary);
    }
}
