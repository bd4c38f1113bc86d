using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS;
using Neptune.Streams.Local.EventSourceMapping;
using Neptune.Streams.Local.NeptuneEndpoint;
using Neptune.Streams.Local.Pipeline;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.Redrive;
using Neptune.Streams.Pump.State;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Chaos;

/// <summary>
/// What <see cref="ChaosRun"/> and <see cref="SnapshotChaosRun"/> both stand on: the AWS clients on moto, the
/// function's table and the pump's own table, the dead-letter and on-failure queues, the stream, the local Neptune
/// endpoint over the graph, the function instances and the event-source mapping with template.yaml's settings.
/// </summary>
internal sealed class ChaosStack : IAsyncDisposable
{
    private readonly AmazonDynamoDBClient _dynamo;
    private readonly AmazonSQSClient _sqs;
    private readonly ChaosInvoker _invoker;

    private ChaosStack(
        ChaosOptions options, string name, AmazonDynamoDBClient dynamo, AmazonSQSClient sqs, KinesisHttpClient kinesis,
        string deadLetterQueueUrl, string onFailureQueueUrl, LocalNeptuneEndpoint endpoint, string awsEndpoint)
    {
        Name = name;
        _dynamo = dynamo;
        _sqs = sqs;
        Kinesis = kinesis;
        DeadLetterQueueUrl = deadLetterQueueUrl;
        OnFailureQueueUrl = onFailureQueueUrl;
        Endpoint = endpoint;
        World = new ChaosWorld(options, awsEndpoint, name, deadLetterQueueUrl);
        _invoker = new ChaosInvoker(World);
        Mapping = new KinesisEventSourceMapping(kinesis, _invoker.InvokeAsync, new EventSourceMappingOptions
        {
            StreamName = name,
            BatchSize = options.BatchSize,
            MaximumBatchingWindow = options.MaximumBatchingWindow,
            MaximumRetryAttempts = options.MaximumRetryAttempts,
            MaximumRecordAge = options.MaximumRecordAge,
            BisectBatchOnFunctionError = options.BisectBatchOnFunctionError,
            ParallelizationFactor = options.ParallelizationFactor,
            PollInterval = TimeSpan.FromMilliseconds(50),
            RetryDelay = TimeSpan.FromMilliseconds(10),
            OnFailure = SqsOnFailureDestination.Create(sqs, onFailureQueueUrl),
        });

        // The pump's state gets a table of its own: moto answers TransactWriteItems (the pump's fenced position write)
        // by deep-copying every table the transaction names and, when a condition fails, putting the copies back — so a
        // checkpoint or idempotency record written meanwhile in the same table would vanish (an effect applied twice),
        // and a copy taken while another request writes fails with a 500. DynamoDB itself does neither.
        PumpState = new DynamoDbPumpStateStore(dynamo, PumpTable(name));
    }

    /// <summary>The stream, the function's table and the queues are named after it.</summary>
    public string Name { get; }

    /// <summary>The SQS client (dead letters, on-failure messages).</summary>
    public IAmazonSQS Sqs => _sqs;

    /// <summary>Kinesis on the second moto_server.</summary>
    public KinesisHttpClient Kinesis { get; }

    /// <summary>The function's dead-letter queue.</summary>
    public string DeadLetterQueueUrl { get; }

    /// <summary>The event-source mapping's on-failure destination.</summary>
    public string OnFailureQueueUrl { get; }

    /// <summary>The local Neptune endpoint the pumps read.</summary>
    public LocalNeptuneEndpoint Endpoint { get; }

    /// <summary>What the function instances share.</summary>
    public ChaosWorld World { get; }

    /// <summary>The event-source mapping, with the run's (template.yaml's) settings; not running until its <c>RunAsync</c>.</summary>
    public KinesisEventSourceMapping Mapping { get; }

    /// <summary>The pumps' position, lease and snapshot progress.</summary>
    public DynamoDbPumpStateStore PumpState { get; }

    /// <summary>Creates the tables, queues and stream named <paramref name="prefix"/> plus a random suffix, and starts the Neptune endpoint over <paramref name="graph"/>.</summary>
    public static async Task<ChaosStack> CreateAsync(
        string prefix, ChaosOptions options, LocalGraph graph, string awsEndpoint, string kinesisEndpoint, CancellationToken cancellationToken)
    {
        string name = prefix + "-" + Guid.NewGuid().ToString("N")[..8];
        var dynamo = new AmazonDynamoDBClient(MotoServer.Credentials, new AmazonDynamoDBConfig { ServiceURL = awsEndpoint, AuthenticationRegion = MotoServer.Region });
        var sqs = new AmazonSQSClient(MotoServer.Credentials, new AmazonSQSConfig { ServiceURL = awsEndpoint, AuthenticationRegion = MotoServer.Region });
        KinesisHttpClient kinesis = KinesisHttpClient.Create(new Uri(kinesisEndpoint), MotoServer.Credentials, MotoServer.Region);
        try
        {
            foreach (string table in new[] { name, PumpTable(name) })
            {
                await dynamo.CreateTableAsync(new CreateTableRequest
                {
                    TableName = table,
                    BillingMode = BillingMode.PAY_PER_REQUEST,
                    AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.S)],
                    KeySchema = [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)],
                }, cancellationToken).ConfigureAwait(false);
            }

            string deadLetterQueueUrl = (await sqs.CreateQueueAsync(name + "-dlq", cancellationToken).ConfigureAwait(false)).QueueUrl;
            string onFailureQueueUrl = (await sqs.CreateQueueAsync(name + "-on-failure", cancellationToken).ConfigureAwait(false)).QueueUrl;
            await kinesis.CreateStreamAsync(name, options.Shards, cancellationToken).ConfigureAwait(false);
            return new ChaosStack(options, name, dynamo, sqs, kinesis, deadLetterQueueUrl, onFailureQueueUrl, LocalNeptuneEndpoint.Start(graph), awsEndpoint);
        }
        catch
        {
            dynamo.Dispose();
            sqs.Dispose();
            kinesis.Dispose();
            throw;
        }
    }

    /// <summary>A pump host (a scheduler that restarts its killed pumps) with lease owner <paramref name="owner"/>.</summary>
    public PumpSupervisor NewPumpHost(string owner, bool slowWrites) =>
        new(World, Endpoint.Endpoint, Kinesis, PumpState, Name, owner, slowWrites);

    /// <summary>
    /// How long nothing has moved: no effect applied, no record given up, no record handled — not counting the stall a
    /// kill while holding a claim causes by design, until the dead invocation's claim expires (at the latest the
    /// function timeout plus the claim margin).
    /// </summary>
    public QuietWatch NewQuietWatch() => new(this);

    /// <summary>
    /// Reads the whole dead-letter queue: marks the injected <paramref name="poison"/> found (deleting it when
    /// <paramref name="deletePoison"/>), returns the other dead letters and how many messages were not readable dead letters.
    /// </summary>
    public async Task<(List<DeadLetter> Others, int Unreadable)> ReceiveDeadLettersAsync(
        Dictionary<string, bool> poison, bool deletePoison, CancellationToken cancellationToken)
    {
        var others = new List<DeadLetter>();
        var deadLetters = new SqsDeadLetterSource(_sqs, null, DeadLetterQueueUrl);
        foreach (DeadLetter letter in await deadLetters.ReceiveAllAsync(cancellationToken).ConfigureAwait(false))
        {
            string data = Convert.ToBase64String(letter.Data.Span);
            if (poison.ContainsKey(data))
            {
                poison[data] = true;
                if (deletePoison)
                {
                    await letter.DeleteAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                others.Add(letter);
            }
        }

        return (others, deadLetters.Skipped);
    }

    /// <summary>Puts <see cref="ChaosOptions.PoisonRecords"/> records no parser accepts straight onto the stream and adds them to <paramref name="poison"/>.</summary>
    public async Task PutPoisonAsync(Dictionary<string, bool> poison, CancellationToken cancellationToken)
    {
        var entries = new List<KinesisPutEntry>();
        for (int i = 0; i < World.Options.PoisonRecords; i++)
        {
            // Not JSON, not gzip, not KPL: no parser accepts it, so it must be dead-lettered, not dropped and not fatal
            // (and must not stop its shard).
            byte[] garbage = new byte[64];
            World.Random.NextBytes(garbage);
            byte[] data = [.. "poison:"u8, .. garbage];
            entries.Add(new KinesisPutEntry($"poison-{i}", data));
            poison[Convert.ToBase64String(data)] = false;
        }

        if (entries.Count > 0)
        {
            KinesisPutResult result = await Kinesis.PutRecordsAsync(Name, entries, cancellationToken).ConfigureAwait(false);
            if (result.FailedCount > 0)
            {
                throw new InvalidOperationException($"{result.FailedCount} poison records were not accepted by Kinesis");
            }
        }
    }

    /// <summary>
    /// Stops the pump hosts and the mapping (<paramref name="stop"/>) and waits for them; then a task that failed (not
    /// one that was stopped) is the run's failure, not a quiet stall: its exception is thrown, unless
    /// <paramref name="failing"/> (the run already throws).
    /// </summary>
    public static async Task StopAsync(CancellationTokenSource stop, bool failing, params Task[] tasks)
    {
        ArgumentNullException.ThrowIfNull(stop);
        await stop.CancelAsync().ConfigureAwait(false);
        foreach (Task task in tasks)
        {
            await task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        foreach (Task task in tasks)
        {
            if (task.IsFaulted && !failing)
            {
                await task.ConfigureAwait(false);
            }
        }
    }

    /// <summary>The run's common counters for the log line after the summary.</summary>
    public string FaultLine(string pumps) => string.Create(CultureInfo.InvariantCulture,
        $"function crashes={World.Counters.Crashes} (holding a claim {World.Counters.ClaimKills}) pump kills={World.Counters.PumpKills} (in the snapshot {World.Counters.SnapshotKills}) pump starts={pumps} slow pump writes={World.Counters.SlowWrites} AWS faults={World.Counters.AwsFaults} label faults={World.Counters.LabelFaults} timeouts={World.Counters.Timeouts} invocations={Mapping.Stats.Invocations} function errors={Mapping.Stats.FunctionErrors} partial failures={Mapping.Stats.PartialFailures} given up={Mapping.Stats.RecordsSentToOnFailure}");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _invoker.DisposeAsync().ConfigureAwait(false);
        await Endpoint.DisposeAsync().ConfigureAwait(false);
        Kinesis.Dispose();
        _sqs.Dispose();
        _dynamo.Dispose();
    }

    private static string PumpTable(string name) => name + "-pump";
}
