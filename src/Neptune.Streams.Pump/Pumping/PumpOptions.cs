using Neptune.Streams.Pump.Neptune;
using Neptune.Streams.Pump.Snapshot;

namespace Neptune.Streams.Pump.Pumping;

/// <summary>How a <see cref="StreamPump"/> reads Neptune and writes Kinesis; defaults in one place, validated as set.</summary>
public sealed class PumpOptions
{
    private string _kinesisStreamName = "neptune-changes";
    private string? _pumpId;
    private int _limit = 1000;
    private TimeSpan _pollInterval = TimeSpan.FromSeconds(1);
    private TimeSpan _leaseDuration = TimeSpan.FromSeconds(60);
    private TimeSpan _deadlineMargin = TimeSpan.FromSeconds(10);
    private TimeSpan _leaseSafetyMargin = TimeSpan.FromSeconds(15);
    private int _labelCacheSize = 100_000;
    private string _metricsNamespace = "Neptune.Streams.Pump";
    private string? _metricsFunctionName;

    /// <summary>
    /// The Neptune endpoint, e.g. <c>https://my-cluster.cluster-xyz.us-east-1.neptune.amazonaws.com:8182/</c>: <c>https</c>,
    /// or <c>http</c> on a loopback address only (the local stack, a tunnel), so changes and credentials never cross a
    /// network in clear text.
    /// </summary>
    public Uri? NeptuneEndpoint { get; set; }

    /// <summary>Which stream to read.</summary>
    /// <value><see cref="NeptuneStreamKind.PropertyGraph"/>.</value>
    public NeptuneStreamKind StreamKind { get; set; } = NeptuneStreamKind.PropertyGraph;

    /// <summary>The Kinesis stream to write.</summary>
    /// <value><c>neptune-changes</c>.</value>
    public string KinesisStreamName
    {
        get => _kinesisStreamName;
        set
        {
            ArgumentException.ThrowIfNullOrEmpty(value);
            _kinesisStreamName = value;
        }
    }

    /// <summary>The id of this stream's position and lease items (<c>pk = "pump#&lt;id&gt;"</c>).</summary>
    /// <value>The Kinesis stream name.</value>
    public string PumpId
    {
        get => _pumpId ?? _kinesisStreamName;
        set
        {
            ArgumentException.ThrowIfNullOrEmpty(value);
            _pumpId = value;
        }
    }

    /// <summary>Where to start without a stored position.</summary>
    /// <value><see cref="PumpStartPosition.TrimHorizon"/>.</value>
    public PumpStartPosition StartPosition { get; set; } = PumpStartPosition.TrimHorizon;

    /// <summary>How the snapshot phase reads the graph (with <see cref="PumpStartPosition.Snapshot"/>).</summary>
    public SnapshotOptions Snapshot { get; } = new();

    /// <summary>Where to resume when the position fell out of retention (the gap is logged and counted).</summary>
    /// <value><see cref="PumpStartPosition.TrimHorizon"/>: lose as little as possible.</value>
    public PumpStartPosition ExpiredRecovery { get; set; } = PumpStartPosition.TrimHorizon;

    /// <summary>The stream API's <c>limit</c> per read (halved on <c>MemoryLimitExceededException</c>).</summary>
    /// <value>1000; 1 to 100,000.</value>
    public int Limit
    {
        get => _limit;
        set => _limit = value is >= 1 and <= 100_000
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The limit must be from 1 to 100,000.");
    }

    /// <summary>How long to wait after Neptune said there is nothing new.</summary>
    /// <value>1 s.</value>
    public TimeSpan PollInterval
    {
        get => _pollInterval;
        set => _pollInterval = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The interval cannot be negative.");
    }

    /// <summary>How long a lease lasts without renewal (a crashed pump's lease expires after this).</summary>
    /// <value>60 s.</value>
    public TimeSpan LeaseDuration
    {
        get => _leaseDuration;
        set => _leaseDuration = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The lease must last.");
    }

    /// <summary>
    /// How long before its lease expires (by its own clock) a pump stops writing: a page's Kinesis writes and their
    /// retries are cancelled then, and the run ends without saving the position, so no write of this pump can land
    /// after another pump took the lease over. It must exceed the clock skew between pumps (another pump judges the
    /// expiry by its own clock) plus the time a request in flight takes to land.
    /// </summary>
    /// <value>15 s; less than <see cref="LeaseDuration"/>.</value>
    public TimeSpan LeaseSafetyMargin
    {
        get => _leaseSafetyMargin;
        set => _leaseSafetyMargin = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The margin cannot be negative.");
    }

    /// <summary>How long before the deadline the pump stops reading, so the last page is written and its position saved.</summary>
    /// <value>10 s.</value>
    public TimeSpan DeadlineMargin
    {
        get => _deadlineMargin;
        set => _deadlineMargin = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The margin cannot be negative.");
    }

    /// <summary>How many elements' labels the pump remembers.</summary>
    /// <value>100,000.</value>
    public int LabelCacheSize
    {
        get => _labelCacheSize;
        set => _labelCacheSize = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The size cannot be negative.");
    }

    /// <summary>Whether to ask Neptune for the labels of a <c>vp</c>/<c>ep</c> change the cache does not know.</summary>
    /// <value>true.</value>
    public bool LookUpMissingLabels { get; set; } = true;

    /// <summary>Where CloudWatch Embedded Metric Format lines go (stdout in Lambda); null writes none.</summary>
    /// <value>null.</value>
    public TextWriter? MetricsOutput { get; set; }

    /// <summary>The CloudWatch namespace of the metrics.</summary>
    /// <value><c>Neptune.Streams.Pump</c>; the host sets <c>NEPTUNE_STREAMS_METRICS_NAMESPACE</c> when given.</value>
    public string MetricsNamespace
    {
        get => _metricsNamespace;
        set
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value);
            _metricsNamespace = value;
        }
    }

    /// <summary>
    /// The Lambda function's name: when set, the metrics carry the one dimension <c>FunctionName</c> (what the
    /// template's <c>StreamExpired</c> alarm reads); when null, the one dimension <c>PumpId</c>.
    /// </summary>
    /// <value>null; the host sets <c>AWS_LAMBDA_FUNCTION_NAME</c> when given.</value>
    public string? MetricsFunctionName
    {
        get => _metricsFunctionName;
        set => _metricsFunctionName = value is null || !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new ArgumentException("The function name cannot be blank.", nameof(value));
    }

    /// <summary>Whether a run ends as soon as Neptune has nothing new (a one-shot drain) instead of polling.</summary>
    /// <value>false.</value>
    public bool StopWhenCaughtUp { get; set; }

    /// <summary>
    /// The owner written into the lease: an owner may take its own lease back at once (a restart of the same pump), so
    /// two pumps running at the same time must never share one.
    /// </summary>
    /// <value>A new GUID.</value>
    public string Owner { get; set; } = Guid.NewGuid().ToString("N");

    /// <summary>Why <paramref name="endpoint"/> is not acceptable (not https, and http only on loopback), or null.</summary>
    internal static string? CheckNeptuneEndpoint(Uri endpoint) => endpoint.Scheme switch
    {
        "https" => null,
        "http" when endpoint.IsLoopback => null,
        "http" => $"is '{endpoint}': Neptune is reached over https (http only on a loopback address, for local runs).",
        _ => $"is '{endpoint}': use an https:// URL.",
    };

    internal void Validate()
    {
        if (NeptuneEndpoint is null)
        {
            throw new InvalidOperationException("PumpOptions.NeptuneEndpoint is required.");
        }

        if (CheckNeptuneEndpoint(NeptuneEndpoint) is { } insecure)
        {
            throw new InvalidOperationException("PumpOptions.NeptuneEndpoint " + insecure);
        }

        if (LeaseSafetyMargin >= LeaseDuration)
        {
            throw new InvalidOperationException(
                $"PumpOptions.LeaseSafetyMargin ({LeaseSafetyMargin}) must be less than LeaseDuration ({LeaseDuration}), or the pump could never write.");
        }

        if (ExpiredRecovery == PumpStartPosition.Snapshot)
        {
            throw new InvalidOperationException("PumpOptions.ExpiredRecovery cannot be Snapshot; a new snapshot needs a new PumpId (and consumers that start empty).");
        }
    }
}
