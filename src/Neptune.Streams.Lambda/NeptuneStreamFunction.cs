using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Neptune.Streams.Lambda.Checkpoints;
using Neptune.Streams.Lambda.Diagnostics;
using Neptune.Streams.Lambda.Hosting;
using Neptune.Streams.Lambda.Kinesis;
using Neptune.Streams.Lambda.Metrics;
using Neptune.Streams.Lambda.Processing;
using Neptune.Streams.Lambda.Resilience;

namespace Neptune.Streams.Lambda;

/// <summary>
/// The base of a function that consumes Neptune Streams from Kinesis. Subclass it, register handler classes in
/// <see cref="Configure"/>, and deploy it: on the managed <c>dotnet10</c> runtime the handler string is
/// <c>Assembly::Namespace.MyFunction::FunctionHandler</c>.
/// </summary>
public abstract class NeptuneStreamFunction : IAsyncDisposable
{
    /// <summary>The response of a batch with no record to retry, as the serializer writes it.</summary>
    private static readonly byte[] AllHandledResponse = "{\"batchItemFailures\":[]}"u8.ToArray();

    private readonly Lazy<FunctionCore> _core;
    private readonly List<Action<NeptuneStreamBuilder>> _overrides = [];
    private bool _building;

    /// <summary>Creates the function; configuration runs on first use (Lambda's init phase).</summary>
    protected NeptuneStreamFunction()
    {
        _core = new Lazy<FunctionCore>(Build, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The function's services, built from <see cref="Configure"/>.</summary>
    public IServiceProvider Services => _core.Value.Services;

    /// <summary>The function's options, as <see cref="Configure"/> left them; frozen (setters throw).</summary>
    public NeptuneStreamOptions Options => _core.Value.Options;

    /// <summary>Registers handlers, services and options: the one override of a function.</summary>
    /// <param name="builder">Handlers (<c>builder.On&lt;PersonAdded&gt;(GraphEventKind.VertexAdded, "person")</c>), services and options.</param>
    protected abstract void Configure(NeptuneStreamBuilder builder);

    /// <summary>
    /// Changes the function for a test or a tool: <paramref name="configure"/> runs on the same builder right after
    /// <see cref="Configure"/> (overrides run in the order given), so it can replace a service (a fake store, a clock,
    /// a client pointed at a local server), add a handler or change an option. Call it before the function's first use.
    /// </summary>
    /// <param name="configure">Changes to the builder.</param>
    /// <exception cref="InvalidOperationException">The function has already been built (it handled a batch, or
    /// <see cref="Services"/> or <see cref="Options"/> was read).</exception>
    public void Override(Action<NeptuneStreamBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        lock (_overrides)
        {
            if (_building)
            {
                throw new InvalidOperationException(
                    $"{GetType().Name} is already built: call Override before its first batch (or before reading Services or Options).");
            }

            _overrides.Add(configure);
        }
    }

    /// <summary>
    /// The managed-runtime entry point: reads Lambda's Kinesis event from <paramref name="input"/> and returns the
    /// partial-batch response (<c>{"batchItemFailures":[…]}</c>) as a read-only stream.
    /// </summary>
    /// <exception cref="InvalidDataException">The input is not a Lambda Kinesis event.</exception>
    public async Task<Stream> FunctionHandler(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        StreamsEventResponse response;
        using (var payload = await InvocationPayload.ReadAsync(input, CancellationToken.None).ConfigureAwait(false))
        {
            response = (await ProcessPayloadAsync(payload.Memory, null, CancellationToken.None).ConfigureAwait(false)).Response;
        }

        // A batch that needs no retry, the usual one, answers with bytes made once.
        byte[] bytes = response.BatchItemFailures.Count == 0
            ? AllHandledResponse
            : JsonSerializer.SerializeToUtf8Bytes(response, LambdaEventJsonContext.Default.StreamsEventResponse);
        return new MemoryStream(bytes, writable: false);
    }

    /// <summary>Processes one batch in-process, for tests, tools and hosts.</summary>
    /// <exception cref="InvalidDataException">A record is null, lacks its <c>kinesis</c> part or sequence number, or comes from another service.</exception>
    /// <param name="kinesisEvent">The batch.</param>
    /// <param name="invocation">The invocation; without one, a local invocation with no deadline.</param>
    /// <param name="cancellationToken">Stops the batch cleanly; the first unhandled record is reported.</param>
    public async Task<StreamsEventResponse> ProcessAsync(
        KinesisEvent kinesisEvent, InvocationContext? invocation = null, CancellationToken cancellationToken = default)
    {
        BatchResult result = await ProcessBatchAsync(kinesisEvent, invocation, cancellationToken).ConfigureAwait(false);
        return result.Response;
    }

    internal async Task<BatchResult> ProcessBatchAsync(
        KinesisEvent kinesisEvent, InvocationContext? invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kinesisEvent);
        KinesisEventValidator.Validate(kinesisEvent, fromWire: false);
        using KinesisBatch records = KinesisBatch.FromEvent(kinesisEvent);
        return await ProcessBatchAsync(records, invocation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Processes the invocation payload as Lambda sent it, read in one pass into values
    /// (<see cref="KinesisBatchReader"/>); a payload that pass does not take is read the general way, which throws the
    /// designated <see cref="InvalidDataException"/> when it is not a Lambda Kinesis event. The bytes must stay valid
    /// until the returned task completes.
    /// </summary>
    internal async Task<BatchResult> ProcessPayloadAsync(
        ReadOnlyMemory<byte> payload, InvocationContext? invocation, CancellationToken cancellationToken)
    {
        if (!KinesisBatchReader.TryRead(payload, out KinesisBatch? records))
        {
            return await ProcessBatchAsync(KinesisEventReader.Read(payload.Span), invocation, cancellationToken).ConfigureAwait(false);
        }

        using (records)
        {
            return await ProcessBatchAsync(records!, invocation, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<BatchResult> ProcessBatchAsync(KinesisBatch records, InvocationContext? invocation, CancellationToken cancellationToken)
    {
        FunctionCore core = _core.Value;
        invocation ??= InvocationContext.Local(core.FunctionName);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using ITimer? deadlineTimer = StartDeadlineTimer(deadline, invocation, core);
        await using var scope = core.Services.CreateAsyncScope();
        long started = core.TimeProvider.GetTimestamp();
        using var span = BatchTracing.StartBatch(invocation, records.Count);
        BatchResult result = await core.Processor.ProcessAsync(records, invocation, scope.ServiceProvider, deadline.Token).ConfigureAwait(false);
        BatchTracing.End(span, succeeded: result.Summary.FailedSequenceNumber is null);
        core.Metrics.Publish(result.Summary, invocation, core.TimeProvider.GetElapsedTime(started));
        return result;
    }

    /// <summary>Reads a Lambda Kinesis event, with a clear error when the payload is something else.</summary>
    /// <exception cref="InvalidDataException">The input is not a Lambda Kinesis event.</exception>
    public static async ValueTask<KinesisEvent> ReadEventAsync(Stream input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var payload = await InvocationPayload.ReadAsync(input, cancellationToken).ConfigureAwait(false);
        return KinesisEventReader.Read(payload.Span);
    }

    private static ITimer? StartDeadlineTimer(CancellationTokenSource source, InvocationContext invocation, FunctionCore core)
    {
        if (invocation.Deadline is not { } deadline)
        {
            return null;
        }

        TimeSpan left = deadline - core.TimeProvider.GetUtcNow() - core.Options.DeadlineSafetyMargin;
        if (left <= TimeSpan.Zero)
        {
            source.Cancel();
            return null;
        }

        // The token a handler gets expires before Lambda's deadline, so the batch can report where it stopped. The
        // timer is disposed with the batch: one left behind would fire after the source is gone (in a later invocation).
        return core.TimeProvider.CreateTimer(static s => CancelUnlessDisposed((CancellationTokenSource)s!), source, left, Timeout.InfiniteTimeSpan);
    }

    private static void CancelUnlessDisposed(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The batch ended as the deadline came: disposing the timer does not stop a callback already running.
        }
    }

    private FunctionCore Build()
    {
        var services = new ServiceCollection();
        var options = new NeptuneStreamOptions();
        var builder = new NeptuneStreamBuilder(services, options);
        Action<NeptuneStreamBuilder>[] overrides;
        lock (_overrides)
        {
            _building = true;
            overrides = [.. _overrides];
        }

        Configure(builder);
        foreach (Action<NeptuneStreamBuilder> configure in overrides)
        {
            configure(builder);
        }

        builder.Freeze();

        services.TryAddSingleton(TimeProvider.System);
        if (!services.Any(d => d.ServiceType == typeof(ILoggerFactory)))
        {
            services.AddLogging(logging => logging.AddProvider(JsonConsoleLoggerProvider.ForStandardError()));
        }

        ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var timeProvider = provider.GetRequiredService<TimeProvider>();
        ILogger logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("Neptune.Streams.Lambda");
        var pipeline = HandlerPipelineFactory.Create(options.Retry, timeProvider);
        var processor = new BatchProcessor(
            options, builder.Routes.ToArray(), pipeline, timeProvider, logger, provider.GetService<ICheckpointStore>());
        var metrics = new BatchMetricsPublisher(options.Metrics, timeProvider, Console.Out);
        // Lambda sets the function's name before the function starts; read once, not per batch.
        string functionName = Environment.GetEnvironmentVariable(LambdaEnvironmentVariables.FunctionName) ?? "local";
        return new FunctionCore(provider, options, processor, timeProvider, metrics, functionName);
    }

    /// <summary>Disposes the function's services.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_core.IsValueCreated)
        {
            await _core.Value.Services.DisposeAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    private sealed record FunctionCore(ServiceProvider Services, NeptuneStreamOptions Options, BatchProcessor Processor, TimeProvider TimeProvider, BatchMetricsPublisher Metrics, string FunctionName);
}
