using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Hosting;
using Neptune.Streams.Lambda.Processing;

namespace Neptune.Streams.Lambda.Metrics;

/// <summary>
/// Writes a batch's metrics as EMF lines: one document with the batch counts, lags and latency (dimension
/// <c>FunctionName</c>), then <c>EventsDispatched</c> per event kind and <c>Latency</c> per handler.
/// </summary>
internal sealed class BatchMetricsPublisher(MetricsOptions options, TimeProvider timeProvider, TextWriter output)
{
    private readonly Lock _gate = new();

    public void Publish(BatchSummary summary, InvocationContext invocation, TimeSpan latency)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(invocation);
        if (!options.Enabled)
        {
            return;
        }

        long timestamp = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        KeyValuePair<string, string>[] dimensions = options.FunctionNameDimension
            ? [new(MetricNames.FunctionNameDimension, invocation.FunctionName)]
            : [];

        var lines = EmfDocumentWriter.Write(options.Namespace, dimensions, BatchMetrics(summary, latency), timestamp);
        if (options.EventKindDimension)
        {
            for (int kind = 0; kind < summary.EventsByKind.Length; kind++)
            {
                if (summary.EventsByKind[kind] > 0)
                {
                    lines.AddRange(EmfDocumentWriter.Write(
                        options.Namespace,
                        [.. dimensions, new(MetricNames.EventKindDimension, ((GraphEventKind)kind).ToString())],
                        [new Metric(MetricNames.EventsDispatched, MetricUnits.Count, summary.EventsByKind[kind])],
                        timestamp));
                }
            }
        }

        if (options.HandlerDimension)
        {
            foreach (var (handler, values) in summary.HandlerLatenciesByName)
            {
                lines.AddRange(EmfDocumentWriter.Write(
                    options.Namespace,
                    [.. dimensions, new(MetricNames.HandlerDimension, handler)],
                    [new Metric(MetricNames.Latency, MetricUnits.Milliseconds, values)],
                    timestamp));
            }
        }

        lock (_gate)
        {
            foreach (string line in lines)
            {
                output.WriteLine(line);
            }

            output.Flush();
        }
    }

    private static List<Metric> BatchMetrics(BatchSummary summary, TimeSpan latency)
    {
        var metrics = new List<Metric>(9)
        {
            new(MetricNames.RecordsProcessed, MetricUnits.Count, summary.RecordsProcessed),
            new(MetricNames.EventsDispatched, MetricUnits.Count, summary.EventsDispatched),
            new(MetricNames.Errors, MetricUnits.Count, summary.Errors),
            new(MetricNames.PoisonRecords, MetricUnits.Count, summary.PoisonRecords),
            new(MetricNames.DuplicatesSkipped, MetricUnits.Count, summary.DuplicatesSkipped),
            new(MetricNames.UnboundProperties, MetricUnits.Count, summary.UnboundProperties),
            new(MetricNames.UnlabelledEvents, MetricUnits.Count, summary.UnlabelledEvents),
            new(MetricNames.Retries, MetricUnits.Count, summary.Retries),
            new(MetricNames.Latency, MetricUnits.Milliseconds, Milliseconds(latency)),
        };

        if (summary.MaxStreamLag is { } streamLag)
        {
            metrics.Add(new(MetricNames.StreamLag, MetricUnits.Milliseconds, Milliseconds(streamLag)));
        }

        if (summary.MaxKinesisLag is { } kinesisLag)
        {
            metrics.Add(new(MetricNames.KinesisLag, MetricUnits.Milliseconds, Milliseconds(kinesisLag)));
        }

        return metrics;
    }

    /// <summary>Whole microseconds are plenty; a lag below zero is clock skew and counts as none.</summary>
    internal static double Milliseconds(TimeSpan value) => Math.Round(Math.Max(0, value.TotalMilliseconds), 3);
}
